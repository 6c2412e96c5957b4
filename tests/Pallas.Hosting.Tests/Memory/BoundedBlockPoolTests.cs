using Microsoft.Extensions.Logging.Abstractions;
using Pallas.Hosting.Memory;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Memory;

public sealed class BoundedBlockPoolTests
{
    [Fact]
    public void Return_KeepsAtMostTheBoundAndReusesWhatItKept()
    {
        using var pool = new BoundedBlockPool(maxPooledBlocks: 2);
        var rented = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        var first = rented[0].Memory;

        rented.ForEach(block => block.Dispose());

        Assert.Equal(2, pool.PooledBlocks);
        var again = pool.Rent();
        Assert.Equal(BoundedBlockPool.BlockSize, again.Memory.Length);
        Assert.True(again.Memory.Span.Overlaps(first.Span), "the first block returned is the first one rented again");
        Assert.Equal(1, pool.PooledBlocks);
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        using var pool = new BoundedBlockPool(maxPooledBlocks: 8);
        var block = pool.Rent();

        block.Dispose();
        block.Dispose();

        Assert.Equal(1, pool.PooledBlocks);
    }

    [Fact]
    public void Rent_LargerThanABlock_IsRefused()
    {
        using var pool = new BoundedBlockPool(maxPooledBlocks: 8);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BoundedBlockPool.BlockSize + 1));
    }

    [Fact]
    public async Task QuietProcess_EmptiesThePool()
    {
        var time = new ManualTimeProvider();
        var release = new IdleMemoryRelease(time, [TimeSpan.FromSeconds(1)], growthThreshold: 0, () => 1, _ => { });
        using var pool = new BoundedBlockPool(maxPooledBlocks: 8, release);
        Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList().ForEach(block => block.Dispose());
        Assert.Equal(4, pool.PooledBlocks);

        release.RequestStarted();
        release.RequestEnded(NullLogger.Instance);
        time.Advance(TimeSpan.FromSeconds(1));
        await release.Watcher.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, pool.PooledBlocks);
        Assert.Equal(1, release.Passes);
    }
}
