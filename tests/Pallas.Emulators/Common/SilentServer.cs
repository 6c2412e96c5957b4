using System.Net;
using System.Net.Sockets;

namespace Pallas.Emulators;

/// <summary>
/// A TCP server on 127.0.0.1 that accepts every connection, reads and discards what arrives, and never answers a byte:
/// a downstream server that hangs. It accepts rather than leaving connections in the kernel's backlog because some
/// network stacks (sandboxes, gVisor) reset or close connections nobody accepts, which would turn the hang into a
/// fast "response ended" failure.
/// </summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _held = [];
    private readonly Task _accepting;

    public SilentServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>An MCP URL on this server.</summary>
    public Uri McpUrl => new($"http://127.0.0.1:{Port}/mcp");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_held)
            {
                _held.Add(socket);
            }

            _ = DrainAsync(socket);
        }
    }

    private async Task DrainAsync(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test is over or the client gave up: either way there is nothing to answer.
        }
    }
}
