using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Pallas.Hosting.Limits;

/// <summary>Whether an <c>/mcp</c> POST is a <c>tools/call</c> of a given tool, before the MCP SDK reads it.</summary>
internal static class McpCallPeek
{
    public static async ValueTask<bool> IsToolCallAsync(HttpRequest request, string tool)
    {
        ArgumentNullException.ThrowIfNull(request);

        // 2026-07-28 clients must send the routing headers, and the SDK refuses a request whose headers and body differ.
        if (request.Headers.TryGetValue("Mcp-Method", out var method))
        {
            return method == "tools/call" && request.Headers["Mcp-Name"] == tool;
        }

        // Initialize-era clients send no routing headers: the body is read once here and rewound for the SDK.
        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("method", out var name) && name.ValueEquals("tools/call")
                && root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("name", out var toolName) && toolName.ValueEquals(tool);
        }
        catch (JsonException)
        {
            // Not JSON-RPC: the SDK answers it with a parse error, and nothing runs.
            return false;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
