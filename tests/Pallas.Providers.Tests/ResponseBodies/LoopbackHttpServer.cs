using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pallas.Providers.Tests.ResponseBodies;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 that answers every request with one canned 200 response. Raw sockets rather than
/// Kestrel so that a test controls the exact bytes, including a chunked body whose connection drops mid-stream.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _contentType;
    private readonly byte[] _body;
    private readonly bool _cutAfterBody;
    private readonly Task _accepting;
    private readonly List<string> _requests = [];

    /// <summary>Starts answering with a UTF-8 body.</summary>
    /// <param name="contentType">The Content-Type header, or null for none.</param>
    /// <param name="body">The body sent after the headers.</param>
    /// <param name="cutAfterBody">Send the body as one chunk of a chunked response, then close the connection without
    /// the final chunk: what a client sees when the connection drops mid-stream.</param>
    public LoopbackHttpServer(string? contentType, string body, bool cutAfterBody = false)
        : this(contentType, Encoding.UTF8.GetBytes(body), cutAfterBody)
    {
    }

    /// <summary>Starts answering with a binary body.</summary>
    public LoopbackHttpServer(string? contentType, byte[] body, bool cutAfterBody = false)
    {
        _contentType = contentType ?? "";
        _body = body;
        _cutAfterBody = cutAfterBody;
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    /// <summary>Where the server listens.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The request line and headers of each request received, as sent.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadRequestAsync(stream);
                lock (_requests)
                {
                    _requests.Add(head);
                }

                var headers = new StringBuilder("HTTP/1.1 200 OK\r\n");
                if (_contentType.Length > 0)
                {
                    headers.Append("Content-Type: ").Append(_contentType).Append("\r\n");
                }

                if (_cutAfterBody)
                {
                    headers.Append("Transfer-Encoding: chunked\r\n\r\n");
                    headers.Append(_body.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(headers.ToString()), _stop.Token);
                    await stream.WriteAsync(_body, _stop.Token);
                    await stream.WriteAsync("\r\n"u8.ToArray(), _stop.Token);
                    await stream.FlushAsync(_stop.Token);

                    // No terminating chunk: the client is left inside the body when the connection goes.
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                }

                headers.Append("Content-Length: ").Append(_body.Length).Append("\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(headers.ToString()), _stop.Token);
                await stream.WriteAsync(_body, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (IOException)
            {
                // The client went away first; nothing to answer.
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task<string> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                break;
            }

            buffer.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString([.. buffer]);
        var lines = head.Split("\r\n");
        var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        if (length > 0)
        {
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, _stop.Token);
        }
        else if (lines.Any(l => l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            await SkipChunkedAsync(stream);
        }

        return head;
    }

    private async Task SkipChunkedAsync(NetworkStream stream)
    {
        var tail = new List<byte>();
        var one = new byte[1];
        while (!(tail.Count >= 5 && tail[^5] == '0' && tail[^4] == '\r' && tail[^3] == '\n' && tail[^2] == '\r' && tail[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return;
            }

            tail.Add(one[0]);
        }
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';
}
