using System.Globalization;
using Pallas.Agents.Telemetry;

namespace Pallas.Agents.Tests.Fakes;

/// <summary>Reads values from the Prometheus text the registry exports (what /metrics serves).</summary>
internal static class MetricsText
{
    public static async Task<double> ValueAsync(PallasMetrics metrics, string series)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
