using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pallas.Tests.Shared;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence, killed on dispose. It can be stopped and
/// started again on the same port, which is how the tests take Redis away from a connected store and bring it back.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(15);

    private readonly string _binary;
    private readonly string? _password;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private RedisServer(string binary, int port, string? password)
    {
        _binary = binary;
        Port = port;
        _password = password;
    }

    public int Port { get; }

    /// <summary>The URL a store connects with, with the server's password unless another one is given.</summary>
    public Uri Url(string? password = null)
    {
        var secret = password ?? _password;
        return new Uri(secret is null ? $"redis://127.0.0.1:{Port}" : $"redis://:{Uri.EscapeDataString(secret)}@127.0.0.1:{Port}");
    }

    /// <summary>Starts a server (with <c>requirepass</c> when <paramref name="password"/> is given); skips the test without the binary.</summary>
    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        var binary = FindBinary();
        Assert.SkipWhen(binary is null, "redis-server is not installed: apt-get install redis-server (.ci/run does this)");
        var server = new RedisServer(binary!, FreePort(), password);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Kills the server; the port stays this server's for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        process.Dispose();
    }

    /// <summary>Starts the server on its port (again) and returns once it answers PING.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (_password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(_password);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_binary}.");
        // Drained so that the server never blocks on a full pipe, and kept to explain a failed start.
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilAnswersAsync(process);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task WaitUntilAnswersAsync(Process process)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(StartBound);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode} on port {Port}: {Output()}");
            }

            if (await AnswersPingAsync(bound.Token))
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), bound.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartBound.TotalSeconds:0} s: {Output()}");
            }
        }
    }

    // Any reply counts: with requirepass the server answers -NOAUTH, which still says it is up.
    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var reply = new byte[64];
            return await stream.ReadAsync(reply, cancellationToken) > 0 && reply[0] is (byte)'+' or (byte)'-';
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
