using System.CommandLine;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Pallas.Benchmarks.Provider;
using Pallas.Benchmarks.Reporting;

namespace Pallas.Benchmarks.Commands;

/// <summary><c>converse</c>: BenchmarkDotNet, the Converse client against a raw HttpClient POST of the same bytes.</summary>
internal static class ConverseCommand
{
    private const string DefaultFile = "converse.md";

    public static Command Create()
    {
        var output = BenchOptions.Out(DefaultFile);
        var command = new Command("converse", "Micro-benchmark (BenchmarkDotNet): the Bedrock Converse client vs a raw HttpClient POST of the same bytes, to the emulator.")
        {
            output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var artifacts = Path.Combine(Path.GetTempPath(), "pallas-bench-bdn");
            // In-process: the harness is already a Release build; a separate BenchmarkDotNet build would double the
            // compile load on a 2-core machine others share, for no gain on a loopback HTTP benchmark.
            var config = ManualConfig.CreateMinimumViable()
                .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15).WithId("in-process"))
                .AddExporter(MarkdownExporter.GitHub)
                .WithArtifactsPath(artifacts)
                .WithOptions(ConfigOptions.DisableLogFile);
            var summary = BenchmarkRunner.Run<ConverseBenchmarks>(config);
            var report = new ResultFile(BenchOptions.ResultPath(parseResult.GetValue(output), DefaultFile), "Converse client vs raw HttpClient", BenchOptions.CommandLine(parseResult));
            report.Line("BenchmarkDotNet, in-process toolchain, against the in-repo Bedrock emulator (same process; same for both sides). "
                + "The raw side POSTs the exact bytes the Converse client sent (captured once) with the same bearer header and reads the whole body; "
                + "the client side maps the messages, authenticates, sends, and parses (JSON or event stream) into ChatResponse/updates. Ratio is against the raw POST of the same operation.");
            report.Line();
            var github = Directory.EnumerateFiles(Path.Combine(artifacts, "results"), "*-report-github.md").FirstOrDefault()
                ?? throw new BenchmarkException($"BenchmarkDotNet wrote no report under {artifacts}.");
            foreach (var line in await File.ReadAllLinesAsync(github, cancellationToken))
            {
                report.Line(line.Replace("&#39;", "", StringComparison.Ordinal));
            }

            await report.SaveAsync(cancellationToken);
            return summary.HasCriticalValidationErrors ? 1 : 0;
        });
        return command;
    }
}
