using System.CommandLine;
using System.Globalization;

namespace Pallas.Benchmarks.Commands;

/// <summary>Options shared by the load commands.</summary>
internal static class BenchOptions
{
    public static Option<string> Clients() => new("--clients")
    {
        Description = "Comma-separated numbers of concurrent MCP clients.",
        DefaultValueFactory = _ => "1,16,64,256",
    };

    public static Option<double> Duration(double seconds) => new("--duration")
    {
        Description = "Measured seconds per run.",
        DefaultValueFactory = _ => seconds,
    };

    public static Option<double> Warmup(double seconds) => new("--warmup")
    {
        Description = "Warm-up seconds per run (calls made, not counted).",
        DefaultValueFactory = _ => seconds,
    };

    public static Option<int> Repeat(int count) => new("--repeat")
    {
        Description = "Runs per configuration; the best (highest req/s) is reported. The machine is shared and noisy.",
        DefaultValueFactory = _ => count,
    };

    public static Option<string?> Out(string defaultName) => new("--out")
    {
        Description = $"Markdown result file (default: bench/results/{defaultName}).",
    };

    public static Option<string[]> PallasEnv() => new("--pallas-env")
    {
        Description = "KEY=VALUE set in the environment of the Pallas process (repeatable), e.g. PALLAS_LOG_LEVEL=warning or DOTNET_gcServer=1.",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    public static Option<string?> PallasDll() => new("--pallas-dll")
    {
        Description = "Start Pallas from this pallas.dll instead of src/Pallas.Cli/bin/Release (e.g. a ReadyToRun publish).",
    };

    public static KeyValuePair<string, string>[] ParseEnv(string[] pairs) =>
        pairs.Select(p => p.Split('=', 2) is [var key, var value] && key.Length > 0
                ? new KeyValuePair<string, string>(key, value)
                : throw new BenchmarkException($"--pallas-env: '{p}' is not KEY=VALUE."))
            .ToArray();

    public static int[] ParseCounts(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new BenchmarkException($"--clients: '{s}' is not a positive whole number."))
            .ToArray();

    public static string ResultPath(string? given, string defaultName) =>
        given is null ? Path.Combine(Servers.RepoPaths.Results, defaultName) : Path.GetFullPath(given);

    public static string CommandLine(ParseResult parseResult) =>
        "dotnet bench/Pallas.Benchmarks/bin/Release/net10.0/Pallas.Benchmarks.dll " + string.Join(' ', parseResult.Tokens.Select(t => t.Value));
}
