using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace Pallas.Hosting.Tests.Fakes;

/// <summary>Connects the official MCP C# client to an agent endpoint.</summary>
internal static class McpTestClient
{
    public static Task<McpClient> ConnectAsync(Uri endpoint, IDictionary<string, string>? headers = null, McpClientOptions? options = null) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = headers,
            }),
            options,
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
}
