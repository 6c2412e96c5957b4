using System.CommandLine;
using Pallas.Benchmarks.Reporting;
using Pallas.Benchmarks.Servers;

namespace Pallas.Benchmarks.Commands;

/// <summary>
/// <c>startup</c>: process start → registry <c>/healthz</c> 200 for a project (default: the quickstart, 3 agents),
/// run after run. The first run is the cold one (optionally after dropping the page cache); the rest are warm.
/// Idle and peak RSS are read once the process has settled.
/// </summary>
internal static class StartupCommand
{
    private const string DefaultFile = "startup.md";
    private const int PortOffset = 10_000;

    public static Command Create()
    {
        var project = new Option<string?>("--project") { Description = "Pallas project directory (default: examples/quickstart); its ports are shifted by +10000." };
        var runs = new Option<int>("--runs") { Description = "Starts in total; the first is reported as cold.", DefaultValueFactory = _ => 6 };
        var settle = new Option<double>("--settle") { Description = "Seconds to wait after healthy before reading idle RSS.", DefaultValueFactory = _ => 3 };
        var dropCaches = new Option<bool>("--drop-caches") { Description = "Before the first run, flush the OS page cache (root; affects the whole machine)." };
        var output = BenchOptions.Out(DefaultFile);
        var pallasEnv = BenchOptions.PallasEnv();
        var pallasDll = BenchOptions.PallasDll();
        var command = new Command("startup", "Time from process start to /healthz 200, cold and warm, with idle and peak RSS.")
        {
            project, runs, settle, dropCaches, output, pallasEnv, pallasDll,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var report = new ResultFile(BenchOptions.ResultPath(parseResult.GetValue(output), DefaultFile), "Start-up and idle memory", BenchOptions.CommandLine(parseResult));
            await RunAsync(
                report,
                parseResult.GetValue(project) ?? RepoPaths.Quickstart,
                BenchOptions.ParseEnv(parseResult.GetValue(pallasEnv)!),
                parseResult.GetValue(pallasDll),
                Math.Max(2, parseResult.GetValue(runs)),
                TimeSpan.FromSeconds(parseResult.GetValue(settle)),
                parseResult.GetValue(dropCaches),
                cancellationToken);
            await report.SaveAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(ResultFile report, string projectDirectory, KeyValuePair<string, string>[] env, string? dll, int runs, TimeSpan settle, bool dropCaches, CancellationToken cancellationToken)
    {
        using var copy = ProjectCopy.Create(Path.GetFullPath(projectDirectory), PortOffset);
        var pallas = Targets.Pallas("Pallas", copy.Directory, copy.RegistryPort, copy.AgentPorts[0], Targets.EchoArguments).WithEnvironment(env).WithDll(dll);
        var bare = Targets.BareCSharp();

        report.Line($"Project: `{Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(projectDirectory))}` ({copy.AgentPorts.Count} agents, ports shifted by +{PortOffset}), "
            + $"started with `dotnet {Path.GetRelativePath(RepoPaths.Root, RepoPaths.PallasDll)} --project <copy>`. "
            + $"Time = process start → first 200 from the registry's /healthz (polled every 5 ms). RSS read {settle.TotalSeconds:0} s after healthy. "
            + $"Run 1 is cold{(dropCaches ? " (page cache dropped first)" : " (first start since the build)")}; the other runs are warm. "
            + "The bare C# SDK echo server (one MCP endpoint, /healthz) is the floor for an ASP.NET Core process on this machine.");
        report.Line();

        var table = new Table("run", "server", "to healthy ms>", "idle RSS MiB>", "peak RSS MiB>");
        var cold = new Dictionary<string, double>();
        var warm = new Dictionary<string, List<(double Ms, ProcessMemory Memory)>>();
        for (var run = 1; run <= runs; run++)
        {
            if (run == 1 && dropCaches)
            {
                DropPageCache();
            }

            foreach (var spec in new[] { pallas, bare })
            {
                var (ms, memory) = await MeasureAsync(spec, settle, cancellationToken);
                var label = run == 1 ? "1 (cold)" : run.ToString(System.Globalization.CultureInfo.InvariantCulture);
                table.Add(label, spec.Name, Format.Ms(ms), Format.MiB(memory.RssMiB), Format.MiB(memory.PeakRssMiB));
                Console.WriteLine($"  run {label}: {spec.Name,-12} healthy in {ms:0.0} ms, idle RSS {memory.RssMiB:0.0} MiB, peak {memory.PeakRssMiB:0.0} MiB");
                if (run == 1)
                {
                    cold[spec.Name] = ms;
                }
                else
                {
                    (warm.TryGetValue(spec.Name, out var list) ? list : warm[spec.Name] = []).Add((ms, memory));
                }
            }
        }

        report.Line("## Every run");
        report.Line();
        report.Table(table);

        var summary = new Table("server", "cold ms>", "warm median ms>", "warm best ms>", "idle RSS median MiB>", "peak RSS median MiB>");
        foreach (var (name, list) in warm)
        {
            summary.Add(
                name,
                Format.Ms(cold[name]),
                Format.Ms(Median(list.Select(x => x.Ms))),
                Format.Ms(list.Min(x => x.Ms)),
                Format.MiB(Median(list.Select(x => x.Memory.RssMiB))),
                Format.MiB(Median(list.Select(x => x.Memory.PeakRssMiB))));
        }

        report.Line("## Summary (warm = median of runs 2…N)");
        report.Line();
        report.Table(summary);
    }

    private static async Task<(double Ms, ProcessMemory Memory)> MeasureAsync(ServerSpec spec, TimeSpan settle, CancellationToken cancellationToken)
    {
        await using var server = ServerProcess.Start(spec);
        var healthy = await server.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await Task.Delay(settle, cancellationToken);
        return (healthy.TotalMilliseconds, server.Memory());
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void DropPageCache()
    {
        try
        {
            using (var sync = System.Diagnostics.Process.Start("sync"))
            {
                sync?.WaitForExit(30_000);
            }

            File.WriteAllText("/proc/sys/vm/drop_caches", "3");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            throw new BenchmarkException($"--drop-caches needs root on Linux ({ex.Message}); run without it to measure the first start after a build.");
        }
    }
}
