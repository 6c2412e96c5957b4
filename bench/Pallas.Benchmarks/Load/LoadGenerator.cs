using System.Diagnostics;
using ModelContextProtocol.Client;

namespace Pallas.Benchmarks.Load;

/// <summary>
/// Closed-loop load: every client calls the tool again as soon as its previous call returns. Calls that complete
/// during the warm-up are thrown away; calls that complete inside the measured window are counted and timed.
/// </summary>
internal static class LoadGenerator
{
    private const int Warmup = 0, Measuring = 1, Stopped = 2;

    /// <summary>Bound for one call; a call slower than this counts as an error, so a stuck server cannot hang the run.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<LoadResult> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        await using var pool = await McpClientPool.ConnectAsync(options.Endpoint, options.Clients, cancellationToken);
        var phase = new Phase();
        var workers = pool.Clients.Select(client => Task.Run(() => WorkAsync(client, options, phase, cancellationToken), cancellationToken)).ToArray();

        await Task.Delay(options.Warmup, cancellationToken);
        var self = Environment.ProcessId;
        var serverCpu = ServerCpu(options);
        var clientCpu = Servers.ProcessCpu.SecondsUsed(self);
        var start = Stopwatch.GetTimestamp();
        phase.Value = Measuring;
        await Task.Delay(options.Duration, cancellationToken);
        phase.Value = Stopped;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        serverCpu = ServerCpu(options) - serverCpu;
        clientCpu = Servers.ProcessCpu.SecondsUsed(self) - clientCpu;

        var outcomes = await Task.WhenAll(workers);
        var samples = new long[outcomes.Sum(o => o.Samples.Count)];
        var offset = 0;
        foreach (var o in outcomes)
        {
            o.Samples.CopyTo(samples, offset);
            offset += o.Samples.Count;
        }

        return new LoadResult(
            options.Target,
            options.Clients,
            Requests: samples.Length,
            Errors: outcomes.Sum(o => o.Errors),
            seconds,
            LatencyStats.FromTicks(samples),
            outcomes.Select(o => o.FirstError).FirstOrDefault(e => e is not null))
        {
            ServerCpuSeconds = serverCpu,
            ClientCpuSeconds = clientCpu,
        };
    }

    private static double ServerCpu(LoadOptions options) =>
        options.ServerPid is { } pid ? Servers.ProcessCpu.SecondsUsed(pid) : double.NaN;

    private static async Task<WorkerOutcome> WorkAsync(McpClient client, LoadOptions options, Phase phase, CancellationToken cancellationToken)
    {
        var outcome = new WorkerOutcome();
        while (phase.Value != Stopped)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CallTimeout);
            var started = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                var result = await client.CallToolAsync(options.Tool, options.Arguments, cancellationToken: timeout.Token);
                error = result.IsError == true ? "tool error: " + FirstText(result) : null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                error = ex.GetType().Name + ": " + ex.Message;
            }

            var elapsed = Stopwatch.GetTimestamp() - started;
            if (phase.Value != Measuring)
            {
                continue;
            }

            if (error is null)
            {
                outcome.Samples.Add(elapsed);
            }
            else
            {
                outcome.Errors++;
                outcome.FirstError ??= OneLine(error);
            }
        }

        return outcome;
    }

    private static string FirstText(ModelContextProtocol.Protocol.CallToolResult result) =>
        result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().FirstOrDefault()?.Text ?? "(no text)";

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    private sealed class Phase
    {
        private int _value;

        public int Value
        {
            get => Volatile.Read(ref _value);
            set => Volatile.Write(ref _value, value);
        }
    }

    private sealed class WorkerOutcome
    {
        public List<long> Samples { get; } = new(capacity: 4096);

        public long Errors { get; set; }

        public string? FirstError { get; set; }
    }
}
