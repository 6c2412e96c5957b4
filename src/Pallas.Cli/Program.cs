using System.CommandLine;
using Pallas.Cli;

// Serving handles SIGINT/SIGTERM itself (drain, then exit 0), so System.CommandLine's own termination handling is off.
return await PallasCli.CreateRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
