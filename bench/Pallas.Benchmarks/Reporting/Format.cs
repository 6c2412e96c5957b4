using System.Globalization;

namespace Pallas.Benchmarks.Reporting;

/// <summary>Number formats used in every table (invariant culture, fixed decimals).</summary>
internal static class Format
{
    public static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Cpu(double value) => double.IsNaN(value) ? "–" : value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Rate(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string MiB(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Percent(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–" : (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string Signed(double value) => double.IsNaN(value) ? "–" : value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
}
