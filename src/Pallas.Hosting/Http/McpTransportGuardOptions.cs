using Microsoft.AspNetCore.Http;

namespace Pallas.Hosting.Http;

/// <summary>Settings of <see cref="McpTransportGuardMiddleware"/>.</summary>
internal sealed record McpTransportGuardOptions(PathString Path, AllowedHosts AllowedHosts, long MaxRequestBodySize, Func<bool> IsDraining);
