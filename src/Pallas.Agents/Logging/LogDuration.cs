namespace Pallas.Agents.Logging;

/// <summary>How every log line states a duration: milliseconds with at most one decimal (<c>12.3 ms</c>, not <c>12.345678 ms</c>).</summary>
public static class LogDuration
{
    /// <summary><paramref name="elapsed"/> in milliseconds, rounded to one decimal.</summary>
    public static double Milliseconds(TimeSpan elapsed) => Math.Round(elapsed.TotalMilliseconds, 1, MidpointRounding.AwayFromZero);
}
