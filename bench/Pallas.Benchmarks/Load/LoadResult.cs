namespace Pallas.Benchmarks.Load;

/// <summary>What one load run measured. <see cref="FirstError"/> is one line, for the report.</summary>
internal sealed record LoadResult(
    string Target,
    int Clients,
    long Requests,
    long Errors,
    double Seconds,
    LatencyStats Latency,
    string? FirstError)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
}
