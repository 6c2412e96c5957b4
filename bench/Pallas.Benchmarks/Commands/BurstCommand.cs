using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Pallas.Benchmarks.Load;
using Pallas.Benchmarks.Reporting;
using Pallas.Benchmarks.Servers;

namespace Pallas.Benchmarks.Commands;

/// <summary>
/// <c>burst</c>: idle RSS of a project (default: the quickstart, 3 agents), then N concurrent <c>send_message</c> calls
/// with a large message each (default 40 × 1 MiB), the peak RSS while they run, and RSS at fixed times after the last
/// reply: does the process give the memory back, or does one burst pin it for good?
/// </summary>
internal static class BurstCommand
{
    private const string DefaultFile = "burst.md";

    /// <summary>Not +10000 like <c>startup</c>/<c>memory</c>: a burst may run while someone else runs those.</summary>
    private const int PortOffset = 11_000;

    /// <summary>The target of issue 16: after the burst, RSS returns within this much of idle.</summary>
    private const double TargetMiB = 30;

    private const string ShortReply = "ok";
    private const string ShortReplyCommand = "***FIXED_RESPONSE " + ShortReply;

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(120);

    public static Command Create()
    {
        var project = new Option<string?>("--project") { Description = "Pallas project directory (default: examples/quickstart, what `pallas init` writes); its ports are shifted by +11000." };
        var messages = new Option<int>("--messages") { Description = "Concurrent send_message calls in one burst, one MCP client each, spread over the agents.", DefaultValueFactory = _ => 40 };
        var size = new Option<int>("--size") { Description = "Characters per message (ASCII, so bytes too).", DefaultValueFactory = _ => 1024 * 1024 };
        var bursts = new Option<int>("--bursts") { Description = "Bursts in a row, each followed by the RSS read-outs.", DefaultValueFactory = _ => 2 };
        var after = new Option<string>("--after") { Description = "Seconds after the last reply at which RSS is read (comma-separated, ascending).", DefaultValueFactory = _ => "2,5,10,20" };
        var reply = new Option<string>("--reply")
        {
            Description = "echo: the passthrough model sends the message back (request and reply are large); short: a ***FIXED_RESPONSE seeded in history makes the reply \"ok\" (only the request is large).",
            DefaultValueFactory = _ => "echo",
        };
        reply.AcceptOnlyFromAmong("echo", "short");
        var settle = new Option<double>("--settle") { Description = "Idle seconds after healthy before the idle read-out.", DefaultValueFactory = _ => 5 };
        var output = BenchOptions.Out(DefaultFile);
        var pallasEnv = BenchOptions.PallasEnv();
        var pallasDll = BenchOptions.PallasDll();
        var command = new Command("burst", "Idle RSS, peak RSS during N concurrent large send_message calls, and RSS 2/5/10/20 s after.")
        {
            project, messages, size, bursts, after, reply, settle, output, pallasEnv, pallasDll,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var report = new ResultFile(BenchOptions.ResultPath(parseResult.GetValue(output), DefaultFile), "Memory after a burst of large messages", BenchOptions.CommandLine(parseResult));
            await RunAsync(
                report,
                parseResult.GetValue(project) ?? RepoPaths.Quickstart,
                BenchOptions.ParseEnv(parseResult.GetValue(pallasEnv)!),
                parseResult.GetValue(pallasDll),
                Math.Max(1, parseResult.GetValue(messages)),
                Math.Max(1, parseResult.GetValue(size)),
                Math.Max(1, parseResult.GetValue(bursts)),
                ParseSeconds(parseResult.GetValue(after)!),
                parseResult.GetValue(reply) == "short",
                TimeSpan.FromSeconds(parseResult.GetValue(settle)),
                cancellationToken);
            await report.SaveAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(
        ResultFile report,
        string projectDirectory,
        KeyValuePair<string, string>[] env,
        string? dll,
        int messages,
        int size,
        int bursts,
        double[] after,
        bool shortReply,
        TimeSpan settle,
        CancellationToken cancellationToken)
    {
        using var copy = ProjectCopy.Create(Path.GetFullPath(projectDirectory), PortOffset);
        var spec = Targets.Pallas("Pallas", copy.Directory, copy.RegistryPort, copy.AgentPorts[0], Targets.EchoArguments).WithEnvironment(env).WithDll(dll);
        await using var server = ServerProcess.Start(spec);
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);

        // Connected (and handshaken) before the idle read-out, so idle includes the 40 open keep-alive connections
        // and the burst measures what the messages cost, not what a connection costs.
        var endpoints = copy.AgentPorts.Select(p => Targets.Local(p, "/mcp")).ToArray();
        var pools = new List<McpClientPool>();
        try
        {
            for (var i = 0; i < endpoints.Length; i++)
            {
                var share = messages / endpoints.Length + (i < messages % endpoints.Length ? 1 : 0);
                if (share > 0)
                {
                    pools.Add(await McpClientPool.ConnectAsync(endpoints[i], share, cancellationToken));
                }
            }

            var clients = pools.SelectMany(p => p.Clients).ToArray();
            await Task.Delay(settle, cancellationToken);
            var idle = server.Memory();
            Console.WriteLine($"idle: RSS {idle.RssMiB:0.0} MiB with {clients.Length} clients connected to {endpoints.Length} agents");

            var message = Message(size);
            var arguments = new Dictionary<string, object?> { ["message"] = message };
            if (shortReply)
            {
                arguments["history"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = ShortReplyCommand } };
            }
            var rows = new List<BurstRow>();
            for (var burst = 1; burst <= bursts; burst++)
            {
                rows.Add(await BurstAsync(server, clients, arguments, shortReply ? ShortReply.Length : size, after, cancellationToken));
                var row = rows[^1];
                Console.WriteLine($"  burst {burst}: {row.Ok} ok, {row.Errors} errors in {row.Seconds:0.0} s, peak RSS {row.PeakMiB:0.0} MiB, "
                    + string.Join(", ", row.After.Select((m, i) => $"+{after[i]:0} s {m:0.0} MiB")));
            }

            Write(report, projectDirectory, copy, messages, size, after, shortReply, settle, idle, rows, server.Memory());
        }
        finally
        {
            foreach (var pool in pools)
            {
                await pool.DisposeAsync();
            }
        }
    }

    private static async Task<BurstRow> BurstAsync(ServerProcess server, McpClient[] clients, Dictionary<string, object?> arguments, int replyLength, double[] after, CancellationToken cancellationToken)
    {
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peak = 0.0;
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.Memory().RssMiB);
                try
                {
                    await Task.Delay(SampleInterval, stopSampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None);

        long ok = 0, errors = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CallTimeout);
            string? error;
            try
            {
                var result = await client.CallToolAsync("send_message", arguments, cancellationToken: timeout.Token);
                var text = result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
                error = result.IsError == true ? "tool error: " + Shorten(text)
                    : text?.Length != replyLength ? $"reply of {text?.Length ?? 0} characters, expected {replyLength}"
                    : null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                error = ex.GetType().Name + ": " + Shorten(ex.Message);
            }

            if (error is null)
            {
                Interlocked.Increment(ref ok);
            }
            else
            {
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, error, null);
            }
        }, cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var done = Stopwatch.GetTimestamp();

        var readings = new double[after.Length];
        for (var i = 0; i < after.Length; i++)
        {
            var wait = TimeSpan.FromSeconds(after[i]) - Stopwatch.GetElapsedTime(done);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            readings[i] = server.Memory().RssMiB;
        }

        await stopSampling.CancelAsync();
        await sampler;
        return new BurstRow(ok, errors, firstError, seconds, peak, readings);
    }

    private static void Write(ResultFile report, string projectDirectory, ProjectCopy copy, int messages, int size, double[] after, bool shortReply, TimeSpan settle, ProcessMemory idle, List<BurstRow> rows, ProcessMemory end)
    {
        report.Line($"Project: `{Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(projectDirectory))}` ({copy.AgentPorts.Count} agents, passthrough model, ports +{PortOffset}). "
            + $"{messages} MCP clients spread round-robin over the agents, connected before the idle read-out; each burst is one `send_message` per client at once, "
            + $"message = {Format.Int(size)} ASCII characters in lines of 89 with a quoted word (JSON escapes both), "
            + (shortReply ? $"reply \"{ShortReply}\" (a `{ShortReplyCommand}` seeded in `history`), so only the request is large. " : "which the passthrough model sends back (reply length checked). ")
            + $"RSS = VmRSS from /proc/<pid>/status: idle {settle.TotalSeconds:0} s after healthy; peak sampled every {SampleInterval.TotalMilliseconds:0} ms during the burst; "
            + "then read at fixed times after the last reply, with no other traffic.");
        report.Line();

        var headers = new List<string> { "burst", "calls ok>", "errors>", "burst s>", "peak RSS MiB>" };
        headers.AddRange(after.Select(s => $"+{s.ToString("0.#", CultureInfo.InvariantCulture)} s MiB>"));
        headers.Add("last − idle MiB>");
        var table = new Table([.. headers]);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var cells = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), Format.Int(row.Ok), Format.Int(row.Errors), Format.Ms(row.Seconds), Format.MiB(row.PeakMiB) };
            cells.AddRange(row.After.Select(Format.MiB));
            cells.Add(Format.Signed(row.After[^1] - idle.RssMiB));
            table.Add([.. cells]);
        }

        report.Line($"Idle RSS: **{Format.MiB(idle.RssMiB)} MiB**. Peak RSS since start (VmHWM): {Format.MiB(end.PeakRssMiB)} MiB.");
        report.Line();
        report.Table(table);

        var worst = rows.Max(r => r.After[^1] - idle.RssMiB);
        var verdict = worst <= TargetMiB ? "met" : "MISSED";
        report.Line($"Target (issue 16): RSS {after[^1].ToString("0.#", CultureInfo.InvariantCulture)} s after a burst within {TargetMiB:0} MiB of idle: "
            + $"worst burst {Format.Signed(worst)} MiB, **{verdict}**.");
        foreach (var row in rows.Where(r => r.FirstError is not null).Take(1))
        {
            report.Line();
            report.Line($"First error: {row.FirstError}");
        }

        report.Line();
    }

    /// <summary>Readable text rather than one repeated character, in case anything on the way compresses or special-cases it.</summary>
    private static string Message(int size)
    {
        // A line break per line and a quoted word, as in a pasted document: JSON has to escape both.
        const string Words = "The quick brown fox jumps over the \"lazy\" dog while the agent reads a very long message.\n";
        var text = new StringBuilder(size + Words.Length);
        while (text.Length < size)
        {
            text.Append(Words);
        }

        return text.ToString(0, size);
    }

    private static double[] ParseSeconds(string text)
    {
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? v
                : throw new BenchmarkException($"--after: '{s}' is not a number of seconds."))
            .ToArray();
        return values.Length > 0 && values.SequenceEqual(values.Order())
            ? values
            : throw new BenchmarkException("--after: give at least one time, in ascending order (e.g. 2,5,10,20).");
    }

    private static string Shorten(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ");
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    private sealed record BurstRow(long Ok, long Errors, string? FirstError, double Seconds, double PeakMiB, double[] After);
}
