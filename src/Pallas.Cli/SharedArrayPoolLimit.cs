namespace Pallas.Cli;

/// <summary>
/// Caps how many arrays of each size the process-wide <see cref="System.Buffers.ArrayPool{T}.Shared"/> keeps per CPU
/// (the runtime's <c>DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION</c>, default 32), unless the
/// environment already sets it.
/// </summary>
/// <remarks>
/// The JSON stack under the MCP SDK rents buffers of several times a message's size and returns them to this pool,
/// which keeps up to 32 per size per CPU for good: after 40 concurrent 1 MiB messages that was over 100 MiB of 2 MiB
/// arrays nobody would use again (docs/performance.md, burst; 4 per CPU still left 16 MiB). Every thread keeps one
/// array of each size besides, which is what the rent-and-return-on-one-thread pattern of the JSON and HTTP stacks
/// reuses, so the cap showed no cost in throughput beyond this machine's noise (same page). The runtime reads the
/// variable once, when the pool first stores an array, so this runs first thing in Main.
/// </remarks>
internal static class SharedArrayPoolLimit
{
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>Arrays of one size kept per CPU.</summary>
    public const int ArraysPerCpu = 1;

    public static void Apply()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Environment.SetEnvironmentVariable(Variable, ArraysPerCpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
