using System.Net;
using ModelContextProtocol.Client;

namespace Pallas.Benchmarks.Load;

/// <summary>
/// N MCP clients (Streamable HTTP) sharing one connection pool: each client keeps its own session state, the pool
/// lets every client hold its own keep-alive connection, so connection set-up is paid once, before measuring.
/// </summary>
internal sealed class McpClientPool : IAsyncDisposable
{
    /// <summary>Every server here speaks it: the TypeScript SDK 1.32 does not know the 2026-07-28 revision.</summary>
    public const string ProtocolVersion = "2025-11-25";

    private readonly HttpClient _http;
    private readonly List<McpClient> _clients;

    private McpClientPool(HttpClient http, List<McpClient> clients)
    {
        _http = http;
        _clients = clients;
    }

    public IReadOnlyList<McpClient> Clients => _clients;

    public static async Task<McpClientPool> ConnectAsync(Uri endpoint, int count, CancellationToken cancellationToken)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var clients = new McpClient[count];
        var pool = new McpClientPool(http, []);
        try
        {
            // Connect a few at a time: 256 simultaneous handshakes only measure the accept queue.
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, ct) => clients[i] = await ConnectOneAsync(http, endpoint, i, ct));
            pool._clients.AddRange(clients);
            return pool;
        }
        catch
        {
            pool._clients.AddRange(clients.Where(c => c is not null));
            await pool.DisposeAsync();
            throw;
        }
    }

    private static async Task<McpClient> ConnectOneAsync(HttpClient http, Uri endpoint, int index, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                Name = $"bench-{index}",
                TransportMode = HttpTransportMode.StreamableHttp,
                EnableStandaloneGetStream = false,
            },
            http,
            loggerFactory: null,
            ownsHttpClient: false);
        var options = new McpClientOptions
        {
            ClientInfo = new() { Name = "pallas-bench", Version = "0.1.0" },
            ProtocolVersion = ProtocolVersion,
            InitializationTimeout = TimeSpan.FromSeconds(30),
        };
        return await McpClient.CreateAsync(transport, options, loggerFactory: null, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _http.Dispose();
    }
}
