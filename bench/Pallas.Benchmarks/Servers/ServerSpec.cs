namespace Pallas.Benchmarks.Servers;

/// <summary>How to start one server under test and what to call on it.</summary>
internal sealed record ServerSpec(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    Uri HealthUrl,
    Uri McpEndpoint,
    string Tool,
    IReadOnlyDictionary<string, object?> ToolArguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The same spec started from another build of its dll (e.g. a ReadyToRun publish), when given.</summary>
    public ServerSpec WithDll(string? dll) =>
        dll is null ? this : this with { Arguments = [Path.GetFullPath(dll), .. Arguments.Skip(1)] };

    /// <summary>The same spec with more environment variables (later ones win).</summary>
    public ServerSpec WithEnvironment(IEnumerable<KeyValuePair<string, string>> extra)
    {
        var merged = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in extra)
        {
            merged[key] = value;
        }

        return this with { Environment = merged };
    }
}
