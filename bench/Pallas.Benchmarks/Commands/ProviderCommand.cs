using System.CommandLine;
using System.Text;
using Pallas.Benchmarks.Load;
using Pallas.Benchmarks.Provider;
using Pallas.Benchmarks.Reporting;
using Pallas.Benchmarks.Servers;

namespace Pallas.Benchmarks.Commands;

/// <summary>
/// <c>provider</c>: an agent on <c>bedrock.*</c> against the Bedrock emulator (fixed answer), one call at a time, next to
/// the same call on a passthrough agent and to raw POSTs of the agent's own request bytes to the emulator.
/// </summary>
internal static class ProviderCommand
{
    private const string DefaultFile = "provider.md";
    private const int RegistryPort = 18420, AgentPort = 18421;

    public static Command Create()
    {
        var duration = BenchOptions.Duration(10);
        var warmup = BenchOptions.Warmup(3);
        var repeat = BenchOptions.Repeat(3);
        var output = BenchOptions.Out(DefaultFile);
        var command = new Command("provider", "send_message on a Bedrock Converse agent against the emulator, minus the emulator's own time.")
        {
            duration, warmup, repeat, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var report = new ResultFile(BenchOptions.ResultPath(parseResult.GetValue(output), DefaultFile), "Provider overhead: Bedrock Converse", BenchOptions.CommandLine(parseResult));
            await RunAsync(
                report,
                TimeSpan.FromSeconds(parseResult.GetValue(warmup)),
                TimeSpan.FromSeconds(parseResult.GetValue(duration)),
                Math.Max(1, parseResult.GetValue(repeat)),
                cancellationToken);
            await report.SaveAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(ResultFile report, TimeSpan warmup, TimeSpan duration, int repeat, CancellationToken cancellationToken)
    {
        await using var fixture = await BedrockFixture.StartAsync(cancellationToken);
        var project = WriteProject(fixture.BaseUrl);
        try
        {
            var bedrockSpec = Targets.Pallas("Pallas on bedrock (emulator)", project, RegistryPort, AgentPort, Targets.EchoArguments) with
            {
                Environment = new Dictionary<string, string> { ["PALLAS_LOG_FORMAT"] = "json", ["AWS_BEARER_TOKEN_BEDROCK"] = fixture.Bearer },
            };
            await using var bedrock = ServerProcess.Start(bedrockSpec);
            await bedrock.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
            await using var passthrough = ServerProcess.Start(Targets.PallasPassthrough());
            await passthrough.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);

            // One call first, to learn the exact bytes the agent puts on the wire (system prompt, inference config...).
            var probe = await LoadGenerator.RunAsync(new LoadOptions("probe", bedrockSpec.McpEndpoint, "send_message", Targets.EchoArguments, 1, TimeSpan.Zero, TimeSpan.FromMilliseconds(200)), cancellationToken);
            var agentRequest = fixture.Requests.LastOrDefault(r => r.Operation == "converse-stream")
                ?? throw new BenchmarkException($"the bedrock agent made no converse-stream call ({probe.FirstError ?? "no error reported"}): {bedrock.RecentOutput()}");
            var body = Encoding.UTF8.GetBytes(agentRequest.Body.ToJsonString());

            var best = new Dictionary<string, LoadResult>();
            for (var round = 1; round <= repeat; round++)
            {
                Keep(best, await LoadGenerator.RunAsync(new LoadOptions("passthrough send_message", passthrough.Spec.McpEndpoint, "send_message", Targets.EchoArguments, 1, warmup, duration), cancellationToken));
                Keep(best, await LoadGenerator.RunAsync(new LoadOptions("bedrock send_message", bedrockSpec.McpEndpoint, "send_message", Targets.EchoArguments, 1, warmup, duration), cancellationToken));
                Keep(best, await RawPostLoop.RunAsync(fixture.OperationUrl("converse-stream"), body, fixture.Bearer, stream: true, warmup, duration, cancellationToken));
                Keep(best, await RawPostLoop.RunAsync(fixture.OperationUrl("converse"), body, fixture.Bearer, stream: false, warmup, duration, cancellationToken));
                Console.WriteLine($"  round {round} done");
            }

            report.Line($"One client, one call at a time (nothing queues), {warmup.TotalSeconds:0} s warm-up + {duration.TotalSeconds:0} s per run, best of {repeat} interleaved rounds. "
                + $"Agent model `{BedrockFixture.Model}`, `bedrock.base_url` = the in-repo emulator ({fixture.BaseUrl}), `AWS_BEARER_TOKEN_BEDROCK` set; the emulator "
                + "runs in the harness process and answers every call with the same short text. The agent runtime always streams (ConverseStream); "
                + "the raw POSTs send the agent's own request body, captured by the emulator.");
            report.Line();
            var table = new Table("what", "calls/s>", "p50 ms>", "p90 ms>", "p99 ms>", "mean ms>", "errors>");
            foreach (var r in best.Values)
            {
                table.Add(r.Target, Format.Rate(r.RequestsPerSecond), Format.Ms(r.Latency.P50), Format.Ms(r.Latency.P90), Format.Ms(r.Latency.P99), Format.Ms(r.Latency.Mean), Format.Int(r.Errors));
            }

            report.Table(table);
            var b = best["bedrock send_message"].Latency;
            var a = best["passthrough send_message"].Latency;
            var c = best["raw POST /converse-stream"].Latency;
            var derived = new Table("derived (p50 / mean, ms)", "p50>", "mean>");
            derived.Add("send_message − emulator service time (bedrock − raw stream POST)", Format.Ms(b.P50 - c.P50), Format.Ms(b.Mean - c.Mean));
            derived.Add("what the provider path adds over a passthrough turn (bedrock − passthrough − raw stream POST)", Format.Signed(b.P50 - a.P50 - c.P50), Format.Signed(b.Mean - a.Mean - c.Mean));
            report.Table(derived);
            foreach (var error in best.Values.Where(r => r.FirstError is not null))
            {
                report.Line($"- {error.Target}: {error.FirstError}");
            }

            if (best["bedrock send_message"].Errors > 0)
            {
                report.Line($"- Pallas (bedrock) log, last lines: {bedrock.RecentOutput()}");
            }
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private static void Keep(Dictionary<string, LoadResult> best, LoadResult result)
    {
        Console.WriteLine($"    {result.Target,-28} p50 {Format.Ms(result.Latency.P50)} ms  mean {Format.Ms(result.Latency.Mean)} ms  errors {result.Errors}");
        if (!best.TryGetValue(result.Target, out var previous) || result.Latency.Mean < previous.Latency.Mean)
        {
            best[result.Target] = result;
        }
    }

    private static string WriteProject(Uri emulator)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pallas-bench-bedrock-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(dir, "agents"));
        File.WriteAllText(Path.Combine(dir, "agents.yaml"), $"""
            name: bench-bedrock
            version: "0.1.0"
            host: 127.0.0.1
            registry_port: {RegistryPort}
            agents:
              bedrock:
                module: agents.bedrock
                port: {AgentPort}
                description: "Bedrock Converse against the local emulator"
            """);
        File.WriteAllText(Path.Combine(dir, "fastagent.config.yaml"), $"""
            default_model: {BedrockFixture.Model}
            bedrock:
              region: us-east-1
              base_url: "{emulator.ToString().TrimEnd('/')}"
            """);
        File.WriteAllText(Path.Combine(dir, "agents", "bedrock.md"), """
            ---
            description: Answers through Bedrock Converse.
            ---
            You answer briefly.
            """);
        return dir;
    }
}
