using Microsoft.Extensions.Logging.Abstractions;
using Pallas.Hosting.Memory;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Memory;

public sealed class IdleMemoryReleaseTests
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan[] Schedule = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(33)];

    private readonly ManualTimeProvider _time = new();
    private readonly List<bool> _collections = [];
    private readonly List<string> _events = [];
    private long _heap = 10 * MiB;

    private IdleMemoryRelease Create()
    {
        var release = new IdleMemoryRelease(_time, Schedule, 32 * MiB, () => Interlocked.Read(ref _heap), last =>
        {
            lock (_collections)
            {
                _collections.Add(last);
                _events.Add(last ? "collect last" : "collect");
            }

            Interlocked.Exchange(ref _heap, 10 * MiB);
        });
        release.Releasing += () =>
        {
            lock (_collections)
            {
                _events.Add("releasing");
            }
        };
        return release;
    }

    [Fact]
    public async Task QuietAfterHeapGrowth_CollectsAfterTwoSecondsAndAgainHalfAMinuteLater()
    {
        var release = Create();
        release.RequestStarted();
        _heap = 300 * MiB;
        release.RequestEnded(NullLogger.Instance);

        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(2));
        await WaitForAsync(() => Collections == 1);
        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(31));
        await release.Watcher.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["collect", "releasing", "collect last"], Events);
        Assert.Equal(2, release.Passes);
    }

    [Fact]
    public async Task QuietAfterLittleGrowth_CollectsNothing()
    {
        var release = Create();
        release.RequestStarted();
        _heap = 20 * MiB;
        release.RequestEnded(NullLogger.Instance);

        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(2));
        await release.Watcher.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Empty(Events);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public async Task RequestDuringTheWait_StartsTheQuietPeriodOver()
    {
        var release = Create();
        release.RequestStarted();
        _heap = 300 * MiB;
        release.RequestEnded(NullLogger.Instance);

        // A small call one second in: nothing may be collected two seconds after the first call, only after the second.
        await WaitForAsync(() => _time.PendingTimers == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        release.RequestStarted();
        release.RequestEnded(NullLogger.Instance);
        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(1));
        Assert.Empty(Events);

        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(2));
        await WaitForAsync(() => Collections == 1);
        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(31));
        await release.Watcher.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["collect", "releasing", "collect last"], Events);
    }

    [Fact]
    public async Task BusyAgainBeforeTheSecondPass_OwesItToTheNextQuietPeriod()
    {
        var release = Create();
        release.RequestStarted();
        _heap = 300 * MiB;
        release.RequestEnded(NullLogger.Instance);
        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(2));
        await WaitForAsync(() => Collections == 1);

        // Traffic resumes (heap now small): the pass the runtime needs half a minute later still comes, once quiet again.
        release.RequestStarted();
        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(31));
        await release.Watcher.WaitAsync(TestContext.Current.CancellationToken);
        release.RequestEnded(NullLogger.Instance);
        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(2));
        await WaitForAsync(() => Collections == 2);
        await AdvanceToNextTimerAsync(TimeSpan.FromSeconds(31));
        await release.Watcher.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["collect", "collect", "releasing", "collect last"], Events);
    }

    [Fact]
    public void RequestsInFlight_NeverStartAWatcher()
    {
        var release = Create();
        release.RequestStarted();
        release.RequestStarted();
        release.RequestEnded(NullLogger.Instance);

        Assert.Equal(0, _time.PendingTimers);
    }

    private int Collections
    {
        get
        {
            lock (_collections)
            {
                return _collections.Count;
            }
        }
    }

    private string[] Events
    {
        get
        {
            lock (_collections)
            {
                return [.. _events];
            }
        }
    }

    // The watcher creates its timer asynchronously after the previous step; advance only once it is waiting.
    private async Task AdvanceToNextTimerAsync(TimeSpan by)
    {
        await WaitForAsync(() => _time.PendingTimers == 1);
        _time.Advance(by);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
