using Pallas.Cli;

return await PallasCli.CreateRootCommand().Parse(args).InvokeAsync();
