using System.Buffers;
using System.Collections.Concurrent;

namespace Pallas.Hosting.Memory;

/// <summary>
/// Kestrel's buffers for one endpoint: 4 KiB blocks, pooled like Kestrel's own pool, but the pool keeps at
/// most <see cref="MaxPooledBlocks"/> of them. A block returned to a full pool is dropped for the GC to take.
/// </summary>
/// <remarks>
/// Kestrel's pool keeps every block it ever handed out and gives back 5 % of them every 10 s when idle, so a burst
/// of large request bodies (40 × 1 MiB is 10,000 blocks) stayed resident for minutes (docs/performance.md, burst).
/// Ordinary traffic needs a few blocks per connection, well under the bound, so it is pooled as before.
/// </remarks>
internal sealed class BoundedBlockPool : MemoryPool<byte>
{
    /// <summary>The block size Kestrel's own pool uses: one page.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _blocks = new();
    private int _pooled;
    private volatile bool _disposed;

    private readonly IdleMemoryRelease? _release;

    /// <param name="maxPooledBlocks">Idle blocks kept at most.</param>
    /// <param name="release">When given, the pool empties itself when that says the process has been quiet.</param>
    public BoundedBlockPool(int maxPooledBlocks, IdleMemoryRelease? release = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPooledBlocks);
        MaxPooledBlocks = maxPooledBlocks;
        _release = release;
        if (release is not null)
        {
            release.Releasing += Clear;
        }
    }

    /// <summary>How many idle blocks the pool keeps.</summary>
    public int MaxPooledBlocks { get; }

    /// <summary>How many idle blocks it holds now.</summary>
    public int PooledBlocks => Volatile.Read(ref _pooled);

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_blocks.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _pooled);
            block.Lease();
            return block;
        }

        return new Block(this);
    }

    /// <summary>Drops every idle block (the next rents allocate new ones).</summary>
    public void Clear()
    {
        while (_blocks.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        if (_release is not null)
        {
            _release.Releasing -= Clear;
        }

        Clear();
    }

    private void Return(Block block)
    {
        // Over the bound (or after dispose) the block is simply not kept: nothing else references it.
        if (!_disposed && Interlocked.Increment(ref _pooled) <= MaxPooledBlocks)
        {
            _blocks.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly BoundedBlockPool _pool;
        private int _leased;

        public Block(BoundedBlockPool pool)
        {
            _pool = pool;
            // Not on the pinned heap, unlike Kestrel's own blocks: that heap is never compacted, so a few blocks still in
            // use after a burst kept every region the burst's blocks had filled (37 MiB for 28 live blocks). An ordinary
            // array is pinned only for the socket call that fills it, and the GC can move it together afterwards.
            Memory = GC.AllocateUninitializedArray<byte>(BlockSize);
            _leased = 1;
        }

        public Memory<byte> Memory { get; }

        public void Lease() => Volatile.Write(ref _leased, 1);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                _pool.Return(this);
            }
        }
    }
}
