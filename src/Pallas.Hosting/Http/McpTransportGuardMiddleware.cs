using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Pallas.Hosting.Http;

/// <summary>
/// Guards an agent's <c>/mcp</c> path before the MCP SDK sees the request: DNS-rebinding protection (Host and
/// Origin), a request body limit, and refusing new work while the process drains.
/// </summary>
internal sealed class McpTransportGuardMiddleware(RequestDelegate next, McpTransportGuardOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(options.Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (!options.AllowedHosts.IsAllowedHost(context.Request.Host.Value))
        {
            await RejectAsync(context, StatusCodes.Status403Forbidden, "Forbidden: the Host header names a host this agent does not serve (DNS rebinding protection). Use localhost or the agents.yaml host.");
            return;
        }

        if (!options.AllowedHosts.IsAllowedOrigin(context.Request.Headers.Origin.Count > 0 ? context.Request.Headers.Origin.ToString() : null))
        {
            await RejectAsync(context, StatusCodes.Status403Forbidden, "Forbidden: the Origin header is not allowed (DNS rebinding protection).");
            return;
        }

        if (context.Request.ContentLength > options.MaxRequestBodySize)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, $"Request body too large: the limit is {options.MaxRequestBodySize} bytes.");
            return;
        }

        if (options.IsDraining())
        {
            context.Response.Headers.RetryAfter = "5";
            await RejectAsync(context, StatusCodes.Status503ServiceUnavailable, "The agent is shutting down; retry against another instance.");
            return;
        }

        // Chunked bodies have no Content-Length: Kestrel enforces the same limit while the body is read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = options.MaxRequestBodySize;
        }

        await next(context);
    }

    private static Task RejectAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = null,
            ["error"] = new JsonObject { ["code"] = -32600, ["message"] = message },
        };
        return HttpJson.WriteAsync(context.Response, body);
    }
}
