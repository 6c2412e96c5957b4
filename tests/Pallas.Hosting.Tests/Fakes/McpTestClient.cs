using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using Pallas.Agents.Downstream;

namespace Pallas.Hosting.Tests.Fakes;

/// <summary>Connects the official MCP C# client to an agent endpoint.</summary>
internal static class McpTestClient
{
    /// <summary>Connects at the client's preferred revision (2026-07-28) unless <paramref name="options"/> pins one.</summary>
    /// <param name="requestChunks">Sends <c>_meta</c> log level <c>info</c> on tool calls, as Pallas's own clients do.</param>
    public static Task<McpClient> ConnectAsync(Uri endpoint, IDictionary<string, string>? headers = null, McpClientOptions? options = null, bool requestChunks = false)
    {
        IClientTransport transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        });
        return McpClient.CreateAsync(
            requestChunks ? new ChunkRequestingTransport(transport) : transport,
            options,
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
    }
}
