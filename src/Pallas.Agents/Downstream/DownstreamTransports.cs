using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using Pallas.Configuration.Settings;

namespace Pallas.Agents.Downstream;

/// <summary>Maps an <c>mcp.servers</c> entry to the MCP SDK's client transport (stdio, Streamable HTTP or legacy SSE).</summary>
internal static class DownstreamTransports
{
    /// <summary>
    /// The HttpClient of an http/sse server, one for the life of the process; a <c>forward_inbound_auth</c> server
    /// gets the per-request bearer handler. <see langword="null"/> for stdio.
    /// </summary>
    public static HttpClient? CreateHttpClient(McpServerSettings settings)
    {
        if (settings.Transport == McpTransport.Stdio)
        {
            return null;
        }

        HttpMessageHandler handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (settings.ForwardInboundAuth)
        {
            handler = new BearerForwardingHandler(handler);
        }

        // Streams stay open for as long as the session; each request is bounded by the caller's timeouts instead.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A new transport for one connection attempt.</summary>
    public static IClientTransport Create(McpServerSettings settings, string projectDirectory, HttpClient? httpClient, TimeSpan connectTimeout, ILoggerFactory loggerFactory)
    {
        if (settings.Transport == McpTransport.Stdio)
        {
            var command = settings.Command ?? throw new InvalidOperationException($"MCP server '{settings.Name}' has no command.");
            var workingDirectory = Path.GetFullPath(settings.Cwd ?? ".", projectDirectory);

            // Looked up here so a missing program is one plain line per attempt, not the SDK's Win32Exception warning
            // on top of ours.
            if (CommandLookup.Find(command, workingDirectory) is null)
            {
                throw new DownstreamToolException(CommandLookup.NotFound(settings.Name, command));
            }

            return new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = settings.Name,
                Command = command,
                Arguments = [.. settings.Args],
                EnvironmentVariables = settings.Env.ToDictionary(pair => pair.Key, pair => (string?)pair.Value),
                WorkingDirectory = workingDirectory,
            }, loggerFactory);
        }

        return new ChunkRequestingTransport(new HttpClientTransport(new HttpClientTransportOptions
        {
            Name = settings.Name,
            Endpoint = settings.Url ?? throw new InvalidOperationException($"MCP server '{settings.Name}' has no url."),
            TransportMode = settings.Transport == McpTransport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            AdditionalHeaders = settings.Headers.ToDictionary(),
            ConnectionTimeout = connectTimeout,
        }, httpClient ?? throw new InvalidOperationException($"MCP server '{settings.Name}' needs an HttpClient."), loggerFactory, ownsHttpClient: false));
    }
}
