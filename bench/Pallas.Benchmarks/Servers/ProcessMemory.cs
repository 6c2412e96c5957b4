using System.Globalization;

namespace Pallas.Benchmarks.Servers;

/// <summary>Resident memory of a process as the kernel reports it (Linux <c>/proc/&lt;pid&gt;/status</c>).</summary>
internal readonly record struct ProcessMemory(long RssKiB, long PeakRssKiB)
{
    public double RssMiB => RssKiB / 1024.0;

    public double PeakRssMiB => PeakRssKiB / 1024.0;

    /// <summary>VmRSS (resident now) and VmHWM (the high-water mark since start).</summary>
    public static ProcessMemory Read(int pid)
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = ParseKiB(line);
            }
        }

        return new(rss, hwm);
    }

    private static long ParseKiB(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
