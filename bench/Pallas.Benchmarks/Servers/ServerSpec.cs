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
}
