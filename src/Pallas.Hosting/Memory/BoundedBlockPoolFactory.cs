using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Pallas.Hosting.Memory;

/// <summary>
/// Gives Kestrel <see cref="BoundedBlockPool"/>s instead of its own pools (the <see cref="IMemoryPoolFactory{T}"/>
/// extension point of ASP.NET Core 10), so that an agent port keeps at most a few MiB of idle buffers.
/// </summary>
internal sealed class BoundedBlockPoolFactory(int maxPooledBlocks, IdleMemoryRelease? release) : IMemoryPoolFactory<byte>
{
    /// <summary>Idle blocks kept per pool: 256 × 4 KiB = 1 MiB, far more than hundreds of small calls in flight use.</summary>
    public const int DefaultMaxPooledBlocks = 256;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new BoundedBlockPool(maxPooledBlocks, release);
}
