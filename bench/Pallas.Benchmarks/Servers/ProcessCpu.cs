using System.Globalization;

namespace Pallas.Benchmarks.Servers;

/// <summary>
/// CPU time a process has used (user + system), from <c>/proc/&lt;pid&gt;/stat</c>. CPU per call is steadier than
/// wall-clock rates on a machine shared with other work: it does not count time spent waiting for a core.
/// </summary>
internal static class ProcessCpu
{
    /// <summary>Linux reports in USER_HZ, 100 per second on every mainstream kernel configuration.</summary>
    private const double TicksPerSecond = 100;

    public static double SecondsUsed(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }
}
