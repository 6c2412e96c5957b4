using System.Diagnostics;

namespace Pallas.Benchmarks.Load;

/// <summary>Latency percentiles in milliseconds, computed from every recorded sample (no histogram buckets).</summary>
internal sealed record LatencyStats(double P50, double P90, double P99, double Max, double Mean)
{
    public static readonly LatencyStats Empty = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Sorts <paramref name="ticks"/> in place (Stopwatch ticks) and reads nearest-rank percentiles.</summary>
    public static LatencyStats FromTicks(long[] ticks)
    {
        if (ticks.Length == 0)
        {
            return Empty;
        }

        Array.Sort(ticks);
        double sum = 0;
        foreach (var t in ticks)
        {
            sum += t;
        }

        return new(
            ToMs(Percentile(ticks, 0.50)),
            ToMs(Percentile(ticks, 0.90)),
            ToMs(Percentile(ticks, 0.99)),
            ToMs(ticks[^1]),
            ToMs(sum / ticks.Length));
    }

    internal static long Percentile(long[] sorted, double quantile)
    {
        // Nearest rank: the smallest sample with at least `quantile` of the samples at or below it.
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double ToMs(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
