namespace Pallas.Benchmarks.Load;

/// <summary>One load run: which tool on which endpoint, how many concurrent clients, for how long.</summary>
internal sealed record LoadOptions(
    string Target,
    Uri Endpoint,
    string Tool,
    IReadOnlyDictionary<string, object?> Arguments,
    int Clients,
    TimeSpan Warmup,
    TimeSpan Duration)
{
    /// <summary>The server's process id, to report the CPU it used during the measured window; null when not ours.</summary>
    public int? ServerPid { get; init; }
}
