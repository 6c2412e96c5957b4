namespace Pallas.Agents.Downstream;

/// <summary>Timeouts and reconnect pacing of <see cref="DownstreamServerPool"/>.</summary>
public sealed record DownstreamPoolOptions
{
    /// <summary>Time allowed to start a server and finish MCP <c>initialize</c> and <c>tools/list</c>.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one request when the server sets no <c>read_timeout_seconds</c>.</summary>
    public TimeSpan DefaultReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First wait before retrying a server that failed; doubled after each failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for the health probe (<c>ping</c>).</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock used for backoff waits.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
