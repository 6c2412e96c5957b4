using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Pallas.IntegrationTests.Infrastructure;

/// <summary>Calls a running agent with the official MCP C# client.</summary>
internal static class AgentCalls
{
    public static Uri McpUrl(int port) => new($"http://127.0.0.1:{port}/mcp");

    public static Task<McpClient> ConnectAsync(int port, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = McpUrl(port), TransportMode = HttpTransportMode.StreamableHttp }),
            loggerFactory: NullLoggerFactory.Instance,
            cancellationToken: cancellationToken);

    /// <summary>Calls <c>send_message</c> and returns the reply text and whether it is an error.</summary>
    public static async Task<(string Text, bool IsError)> SendAsync(int port, string message, CancellationToken cancellationToken)
    {
        await using var client = await ConnectAsync(port, cancellationToken);
        var result = await client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = message }, cancellationToken: cancellationToken);
        return (string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text)), result.IsError == true);
    }

    /// <summary>Calls <c>get_health</c> and returns its structured content.</summary>
    public static async Task<System.Text.Json.JsonElement> HealthAsync(int port, CancellationToken cancellationToken)
    {
        await using var client = await ConnectAsync(port, cancellationToken);
        var result = await client.CallToolAsync("get_health", new Dictionary<string, object?>(), cancellationToken: cancellationToken);
        return result.StructuredContent ?? throw new InvalidOperationException("get_health returned no structuredContent");
    }
}
