using System.CommandLine;
using Pallas.Benchmarks;
using Pallas.Benchmarks.Commands;

var root = new RootCommand("Pallas benchmarks: run by hand in Release, one command at a time (docs/performance.md).")
{
    ThroughputCommand.Create(),
    StartupCommand.Create(),
    MemoryCommand.Create(),
    BurstCommand.Create(),
    ProviderCommand.Create(),
    ConverseCommand.Create(),
    LoadCommand.Create(),
    TasksCommand.Create(),
};

try
{
    // Our own handler below prints one line; the default one prints a stack trace.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (BenchmarkException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}
