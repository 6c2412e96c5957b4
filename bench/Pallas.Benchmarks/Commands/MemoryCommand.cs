using System.CommandLine;
using Pallas.Benchmarks.Load;
using Pallas.Benchmarks.Reporting;
using Pallas.Benchmarks.Servers;

namespace Pallas.Benchmarks.Commands;

/// <summary>
/// <c>memory</c>: idle RSS of a project (default: the quickstart, 3 agents), then a fixed number of send_message calls
/// spread over all its agents with RSS sampled along the way, then idle RSS again. Growth is judged after the warm-up
/// (the first fifth of the calls), when JIT, pools and caches have reached their working size.
/// </summary>
internal static class MemoryCommand
{
    private const string DefaultFile = "memory.md";
    private const int PortOffset = 10_000;

    /// <summary>Stated bound: RSS may not grow more than this from the end of the warm-up to the last call.</summary>
    private const double GrowthBoundMiB = 10;

    public static Command Create()
    {
        var project = new Option<string?>("--project") { Description = "Pallas project directory (default: examples/quickstart); its ports are shifted by +10000." };
        var calls = new Option<int>("--calls") { Description = "send_message calls in total.", DefaultValueFactory = _ => 10_000 };
        var clients = new Option<int>("--clients") { Description = "Concurrent MCP clients, spread over the agents.", DefaultValueFactory = _ => 16 };
        var every = new Option<int>("--sample-every") { Description = "Read RSS every this many completed calls.", DefaultValueFactory = _ => 500 };
        var settle = new Option<double>("--settle") { Description = "Idle seconds before the first and after the last call.", DefaultValueFactory = _ => 5 };
        var output = BenchOptions.Out(DefaultFile);
        var pallasEnv = BenchOptions.PallasEnv();
        var pallasDll = BenchOptions.PallasDll();
        var command = new Command("memory", "Idle RSS, RSS along N send_message calls, and whether it keeps growing.")
        {
            project, calls, clients, every, settle, output, pallasEnv, pallasDll,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var report = new ResultFile(BenchOptions.ResultPath(parseResult.GetValue(output), DefaultFile), "Memory under a send_message soak", BenchOptions.CommandLine(parseResult));
            await RunAsync(
                report,
                parseResult.GetValue(project) ?? RepoPaths.Quickstart,
                BenchOptions.ParseEnv(parseResult.GetValue(pallasEnv)!),
                parseResult.GetValue(pallasDll),
                Math.Max(100, parseResult.GetValue(calls)),
                Math.Max(1, parseResult.GetValue(clients)),
                Math.Max(10, parseResult.GetValue(every)),
                TimeSpan.FromSeconds(parseResult.GetValue(settle)),
                cancellationToken);
            await report.SaveAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(ResultFile report, string projectDirectory, KeyValuePair<string, string>[] env, string? dll, int calls, int clients, int every, TimeSpan settle, CancellationToken cancellationToken)
    {
        using var copy = ProjectCopy.Create(Path.GetFullPath(projectDirectory), PortOffset);
        var spec = Targets.Pallas("Pallas", copy.Directory, copy.RegistryPort, copy.AgentPorts[0], Targets.EchoArguments).WithEnvironment(env).WithDll(dll);
        await using var server = ServerProcess.Start(spec);
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await Task.Delay(settle, cancellationToken);
        var idleBefore = server.Memory();
        Console.WriteLine($"idle: RSS {idleBefore.RssMiB:0.0} MiB, peak {idleBefore.PeakRssMiB:0.0} MiB; now {calls} calls from {clients} clients over {copy.AgentPorts.Count} agents");

        var samples = new List<(int Calls, ProcessMemory Memory)> { (0, idleBefore) };
        var endpoints = copy.AgentPorts.Select(p => Targets.Local(p, "/mcp")).ToArray();
        var result = await FixedCountRunner.RunAsync(endpoints, "send_message", Targets.EchoArguments, clients, calls, every, done =>
        {
            var m = server.Memory();
            lock (samples)
            {
                samples.Add((done, m));
            }

            Console.WriteLine($"  {done,6} calls: RSS {m.RssMiB:0.0} MiB");
        }, cancellationToken);

        await Task.Delay(settle, cancellationToken);
        var idleAfter = server.Memory();
        samples.Sort((a, b) => a.Calls.CompareTo(b.Calls));

        report.Line($"Project: `{Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(projectDirectory))}` ({copy.AgentPorts.Count} agents), `send_message` with \"{Targets.Message}\" from {clients} MCP clients "
            + $"spread round-robin over the agents, {Format.Int(calls)} calls; RSS = VmRSS, peak = VmHWM from /proc/<pid>/status, sampled every {every} calls. "
            + $"Idle = {settle.TotalSeconds:0} s after healthy / after the last call.");
        report.Line();
        report.Line($"Calls: {Format.Int(result.Requests)} ok, {Format.Int(result.Errors)} errors{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}, "
            + $"{Format.Rate(result.Requests / result.Seconds)} calls/s, p50 {Format.Ms(result.Latency.P50)} ms, p99 {Format.Ms(result.Latency.P99)} ms.");
        report.Line();

        var table = new Table("calls>", "RSS MiB>", "peak RSS MiB>");
        foreach (var (n, m) in samples)
        {
            table.Add(Format.Int(n), Format.MiB(m.RssMiB), Format.MiB(m.PeakRssMiB));
        }

        table.Add("idle after", Format.MiB(idleAfter.RssMiB), Format.MiB(idleAfter.PeakRssMiB));
        report.Line("## RSS along the run");
        report.Line();
        report.Table(table);

        var warmedUp = samples.Where(s => s.Calls >= calls / 5).ToList();
        var secondHalf = samples.Where(s => s.Calls >= calls / 2).ToList();
        var growth = warmedUp.Count < 2 ? double.NaN : warmedUp[^1].Memory.RssMiB - warmedUp[0].Memory.RssMiB;
        var slope = Slope(secondHalf.Select(s => ((double)s.Calls, s.Memory.RssMiB)).ToList()) * 1000;
        var verdict = !double.IsNaN(growth) && growth <= GrowthBoundMiB ? "within the bound" : "OVER the bound";

        var summary = new Table("measure", "value");
        summary.Add("idle RSS before calls", $"{Format.MiB(idleBefore.RssMiB)} MiB");
        summary.Add("peak RSS (whole run)", $"{Format.MiB(idleAfter.PeakRssMiB)} MiB");
        summary.Add($"RSS after {Format.Int(calls)} calls", $"{Format.MiB(samples[^1].Memory.RssMiB)} MiB");
        summary.Add("idle RSS after calls", $"{Format.MiB(idleAfter.RssMiB)} MiB");
        summary.Add($"growth from call {Format.Int(warmedUp.FirstOrDefault().Calls)} to {Format.Int(calls)}", $"{Format.Signed(growth)} MiB (bound {GrowthBoundMiB:0} MiB: {verdict})");
        summary.Add("trend over the second half", $"{Format.Signed(slope)} MiB per 1,000 calls (least squares)");
        report.Line("## Summary");
        report.Line();
        report.Table(summary);
    }

    /// <summary>Least-squares slope of y over x.</summary>
    internal static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return double.NaN;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var num = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var den = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return den == 0 ? double.NaN : num / den;
    }
}
