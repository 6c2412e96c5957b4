using System.CommandLine;
using Pallas.Cli;

// Before anything stores an array in the shared pool, which reads its limit once.
SharedArrayPoolLimit.Apply();

// Serving handles SIGINT/SIGTERM itself (drain, then exit 0), so System.CommandLine's own termination handling is off.
return await PallasCli.CreateRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
