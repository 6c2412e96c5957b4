using Microsoft.AspNetCore.Http;
using Pallas.Hosting.Memory;

namespace Pallas.Hosting.Http;

/// <summary>Settings of <see cref="McpTransportGuardMiddleware"/>.</summary>
internal sealed record McpTransportGuardOptions(PathString Path, AllowedHosts AllowedHosts, long MaxRequestBodySize, Func<bool> IsDraining)
{
    /// <summary>Told when each <c>/mcp</c> request starts and ends, to release memory once the ports are quiet.</summary>
    public IdleMemoryRelease MemoryRelease { get; init; } = IdleMemoryRelease.Shared;
}
