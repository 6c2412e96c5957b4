using System.Runtime;
using Microsoft.Extensions.Logging;

namespace Pallas.Hosting.Memory;

/// <summary>
/// Gives memory back to the operating system once the agent ports go quiet after work that grew the heap (a burst
/// of large messages): 2 s after the last <c>/mcp</c> request ends, a full collection (the burst's garbage), and 33 s
/// after it a compacting one that also hands the free memory back to the OS.
/// </summary>
/// <remarks>
/// <para>
/// Without it an idle process never collects at all (nothing allocates), so whatever a burst left behind stays
/// resident: 40 concurrent 1 MiB messages took RSS from 85 to about 400-600 MiB for good (docs/performance.md, burst).
/// </para>
/// <para>
/// Two passes because the runtime frees some memory only later: thread-pool threads added for the burst retire after
/// 20 s idle, and the shared <see cref="System.Buffers.ArrayPool{T}"/> drops the large arrays a thread keeps only at
/// the first full collection at least 30 s after an earlier one saw them. Ordinary traffic never waits for this: any
/// request restarts the quiet period, and a quiet period after little growth collects nothing.
/// </para>
/// <para>One per process (<see cref="Shared"/>), because the heap it manages is the process's, whatever the port.</para>
/// </remarks>
internal sealed partial class IdleMemoryRelease
{
    /// <summary>When the passes run, counted from the start of the quiet period.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultSchedule = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(33)];

    /// <summary>Heap growth since the last pass below which a quiet period releases nothing.</summary>
    public const long DefaultGrowthThreshold = 32L * 1024 * 1024;

    private readonly TimeProvider _time;
    private readonly IReadOnlyList<TimeSpan> _schedule;
    private readonly long _growthThreshold;
    private readonly Func<long> _heapBytes;
    private readonly Action<bool> _collect;
    private int _active;
    private long _activity;
    private int _running;
    private long _baseline;
    private bool _passesOwed;
    private ILogger? _logger;

    public IdleMemoryRelease(TimeProvider time, IReadOnlyList<TimeSpan> schedule, long growthThreshold, Func<long> heapBytes, Action<bool> collect)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfZero(schedule.Count);
        _time = time;
        _schedule = schedule;
        _growthThreshold = growthThreshold;
        _heapBytes = heapBytes;
        _collect = collect;
        _baseline = heapBytes();
    }

    /// <summary>The process-wide instance the agent ports report to.</summary>
    public static IdleMemoryRelease Shared { get; } = new(TimeProvider.System, DefaultSchedule, DefaultGrowthThreshold, () => GC.GetTotalMemory(forceFullCollection: false), Collect);

    /// <summary>
    /// Raised before the last pass collects, for pools that should let go of what they keep once the process is quiet.
    /// </summary>
    public event Action? Releasing;

    /// <summary>How many passes have run (for tests and diagnostics).</summary>
    public int Passes { get; private set; }

    /// <summary>Task of the quiet-period watcher, when one runs (tests wait on it).</summary>
    internal Task Watcher { get; private set; } = Task.CompletedTask;

    public void RequestStarted()
    {
        Interlocked.Increment(ref _active);
        Interlocked.Increment(ref _activity);
    }

    public void RequestEnded(ILogger logger)
    {
        Interlocked.Increment(ref _activity);
        if (Interlocked.Decrement(ref _active) == 0)
        {
            _logger = logger;
            TryStartWatcher();
        }
    }

    private void TryStartWatcher()
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            Watcher = WatchAsync();
        }
    }

    private async Task WatchAsync()
    {
        long seen;
        try
        {
            do
            {
                seen = Volatile.Read(ref _activity);
                await RunPassesAsync(seen);
            }
            // Traffic came back during the wait but is gone again: the quiet period starts over.
            while (Volatile.Read(ref _activity) != seen && Volatile.Read(ref _active) == 0);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }

        // A request that ended while this watcher was finishing did not start another one.
        if (Volatile.Read(ref _active) == 0 && Volatile.Read(ref _activity) != seen)
        {
            TryStartWatcher();
        }
    }

    private async Task RunPassesAsync(long activity)
    {
        var elapsed = TimeSpan.Zero;
        for (var pass = 0; pass < _schedule.Count; pass++)
        {
            await Task.Delay(_schedule[pass] - elapsed, _time, CancellationToken.None);
            elapsed = _schedule[pass];
            if (Volatile.Read(ref _activity) != activity)
            {
                return;
            }

            var before = _heapBytes();
            if (pass == 0 && !_passesOwed && before - _baseline < _growthThreshold)
            {
                return;
            }

            var last = pass == _schedule.Count - 1;
            if (last)
            {
                Releasing?.Invoke();
            }

            _collect(last);
            var after = _heapBytes();
            _baseline = after;
            _passesOwed = pass < _schedule.Count - 1;
            Passes++;
            if (_logger is { } logger)
            {
                LogReleased(logger, pass + 1, _schedule.Count, before / 1048576.0, after / 1048576.0);
            }
        }
    }

    /// <summary>
    /// A full collection, then the finalizer thread's work (where the shared array pool trims itself, after each full
    /// collection), then another full collection to take what that released. The last pass is also compacting and
    /// Aggressive, which hands the free memory back to the OS at once; the earlier ones leave the large object heap
    /// where it is, because most of it is still pooled then and moving it would only cost time.
    /// </summary>
    private static void Collect(bool last)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        GC.WaitForPendingFinalizers();
        if (last)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        else
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Quiet after heavy work: released memory (pass {Pass} of {Passes}), GC heap {BeforeMiB:0.#} -> {AfterMiB:0.#} MiB")]
    private static partial void LogReleased(ILogger logger, int pass, int passes, double beforeMiB, double afterMiB);
}
