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

    /// <summary>CPU seconds the server process used in the measured window (NaN when unknown).</summary>
    public double ServerCpuSeconds { get; init; } = double.NaN;

    /// <summary>CPU seconds this (client) process used in the measured window.</summary>
    public double ClientCpuSeconds { get; init; } = double.NaN;

    /// <summary>Server CPU milliseconds per successful call.</summary>
    public double ServerCpuMsPerCall => Requests > 0 ? ServerCpuSeconds * 1000 / Requests : double.NaN;

    /// <summary>Client CPU milliseconds per successful call.</summary>
    public double ClientCpuMsPerCall => Requests > 0 ? ClientCpuSeconds * 1000 / Requests : double.NaN;
}
