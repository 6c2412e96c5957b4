using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Pallas.Hosting.Http;

/// <summary>
/// Guards an agent's <c>/mcp</c> path before the MCP SDK sees the request: DNS-rebinding protection (Host and
/// Origin), a request body limit, refusing new work while the process drains, and turning the client mistakes the
/// SDK would answer with an empty 500 (no JSON Content-Type, an unreadable body) into a 4xx with a JSON-RPC error.
/// </summary>
internal sealed partial class McpTransportGuardMiddleware(RequestDelegate next, McpTransportGuardOptions options, ILogger<McpTransportGuardMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(options.Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        // Every /mcp request counts as activity: memory is released only once the ports are quiet.
        options.MemoryRelease.RequestStarted();
        try
        {
            await GuardAsync(context);
        }
        finally
        {
            options.MemoryRelease.RequestEnded(logger);
        }
    }

    private async Task GuardAsync(HttpContext context)
    {
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

        if (HttpMethods.IsPost(context.Request.Method) && !IsJson(context.Request.ContentType))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, -32700,
                $"Unsupported Content-Type '{context.Request.ContentType}': POST a JSON-RPC message with Content-Type: application/json.");
            return;
        }

        // Chunked bodies have no Content-Length: Kestrel enforces the same limit while the body is read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = options.MaxRequestBodySize;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            var message = exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"Request body too large: the limit is {options.MaxRequestBodySize} bytes."
                : $"Bad request: {exception.Message}";
            await RefuseAsync(context, exception.StatusCode, -32600, message);
        }
        catch (JsonException exception) when (!context.Response.HasStarted)
        {
            // The SDK deserializes some params (initialize's) outside its JSON-RPC error handling; the message names
            // what is missing ("... missing required properties including: 'protocolVersion' ...").
            await RefuseAsync(context, StatusCodes.Status400BadRequest, -32602, $"Invalid params: {exception.Message}");
        }
    }

    // application/json, with or without parameters (charset); anything else is not a JSON-RPC POST.
    private static bool IsJson(string? contentType)
    {
        var mediaType = contentType.AsSpan();
        var parameters = mediaType.IndexOf(';');
        return (parameters < 0 ? mediaType : mediaType[..parameters]).Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private async Task RefuseAsync(HttpContext context, int statusCode, int code, string message)
    {
        LogRefused(logger, statusCode, message);
        context.Response.StatusCode = statusCode;
        await HttpJson.WriteAsync(context.Response, ErrorBody(code, message));
    }

    private static JsonObject ErrorBody(int code, string message) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = null,
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to /mcp with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string reason);

    private static Task RejectAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        return HttpJson.WriteAsync(context.Response, ErrorBody(-32600, message));
    }
}
