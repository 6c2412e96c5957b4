using System.Diagnostics;
using System.Net.Sockets;

namespace Pallas.Benchmarks.Servers;

/// <summary>
/// A server under test in its own process: started, waited on until its health URL answers 200, measured through
/// /proc, and killed (with its children) on dispose. Its output is kept (last lines only) for error messages.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private readonly Process _process;
    private readonly long _startedAt;
    private readonly Queue<string> _lastLines = new();

    private ServerProcess(ServerSpec spec, Process process, long startedAt)
    {
        Spec = spec;
        _process = process;
        _startedAt = startedAt;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ServerSpec Spec { get; }

    public int Pid => _process.Id;

    public static ServerProcess Start(ServerSpec spec)
    {
        foreach (var url in new[] { spec.HealthUrl, spec.McpEndpoint }.DistinctBy(u => u.Port))
        {
            EnsurePortFree(url.Port, spec.Name);
        }

        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in spec.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new BenchmarkException($"{spec.Name}: could not start {spec.FileName}.");
        return new ServerProcess(spec, process, startedAt);
    }

    /// <summary>Polls the health URL every 5 ms; returns the time from process start to the first 200.</summary>
    public async Task<TimeSpan> WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        string last = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new BenchmarkException($"{Spec.Name} exited with code {_process.ExitCode} before it was healthy: {RecentOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(Spec.HealthUrl, cancellationToken);
                if ((int)response.StatusCode == 200)
                {
                    return Stopwatch.GetElapsedTime(_startedAt);
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "health check timed out";
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new BenchmarkException($"{Spec.Name} not healthy at {Spec.HealthUrl} after {timeout.TotalSeconds:0} s ({last}): {RecentOutput()}");
    }

    public ProcessMemory Memory() => ProcessMemory.Read(_process.Id);

    /// <summary>The last lines the server printed, joined on one line.</summary>
    public string RecentOutput()
    {
        lock (_lastLines)
        {
            return _lastLines.Count == 0 ? "(no output)" : string.Join(" | ", _lastLines.TakeLast(5));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed but not reaped in time; the OS finishes it. Nothing else to do from here.
            }
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line.Length > 300 ? line[..300] : line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static void EnsurePortFree(int port, string name)
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, port);
        try
        {
            probe.Start();
        }
        catch (SocketException)
        {
            throw new BenchmarkException($"{name}: port {port} on 127.0.0.1 is in use; stop what holds it (ss -ltnp 'sport = :{port}') or pick other ports.");
        }
        finally
        {
            probe.Stop();
        }
    }
}
