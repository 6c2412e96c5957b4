using System.CommandLine;
using Pallas.Benchmarks.Load;
using Pallas.Benchmarks.Reporting;

namespace Pallas.Benchmarks.Commands;

/// <summary><c>load</c>: the load generator alone, against a server that is already running.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "MCP endpoint, e.g. http://127.0.0.1:8201/mcp.", Required = true };
        var tool = new Option<string>("--tool") { Description = "Tool to call.", DefaultValueFactory = _ => "send_message" };
        var message = new Option<string>("--message") { Description = "Value of the tool's `message` argument.", DefaultValueFactory = _ => "hello" };
        var clients = BenchOptions.Clients();
        var duration = BenchOptions.Duration(10);
        var warmup = BenchOptions.Warmup(3);
        var command = new Command("load", "Call one tool from N concurrent MCP clients for a fixed time; print req/s and latency percentiles.")
        {
            url, tool, message, clients, duration, warmup,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var table = new Table("clients>", "req/s>", "p50 ms>", "p90 ms>", "p99 ms>", "max ms>", "errors>", "first error");
            foreach (var n in BenchOptions.ParseCounts(parseResult.GetValue(clients)!))
            {
                var result = await LoadGenerator.RunAsync(
                    new LoadOptions(
                        "server",
                        Uri.TryCreate(parseResult.GetValue(url), UriKind.Absolute, out var endpoint)
                            ? endpoint
                            : throw new BenchmarkException($"--url: '{parseResult.GetValue(url)}' is not an absolute URL."),
                        parseResult.GetValue(tool)!,
                        new Dictionary<string, object?> { ["message"] = parseResult.GetValue(message) },
                        n,
                        TimeSpan.FromSeconds(parseResult.GetValue(warmup)),
                        TimeSpan.FromSeconds(parseResult.GetValue(duration))),
                    cancellationToken);
                table.Add(
                    Format.Int(n), Format.Rate(result.RequestsPerSecond), Format.Ms(result.Latency.P50), Format.Ms(result.Latency.P90),
                    Format.Ms(result.Latency.P99), Format.Ms(result.Latency.Max), Format.Int(result.Errors), result.FirstError ?? "");
            }

            Console.Write(table.ToString());
            return 0;
        });
        return command;
    }
}
