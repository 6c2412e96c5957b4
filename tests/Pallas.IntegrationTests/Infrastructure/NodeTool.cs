using System.Diagnostics;

namespace Pallas.IntegrationTests.Infrastructure;

/// <summary>Runs the npm test tools: one-shot scripts, and long-running servers stopped on dispose.</summary>
internal sealed class NodeTool : IAsyncDisposable
{
    private readonly Process _process;

    private NodeTool(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Runs a script to completion (bounded) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string node, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Process.Start(Info(node, args)) ?? throw new InvalidOperationException($"{node} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{node} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts a long-running script (e.g. server-everything over Streamable HTTP).</summary>
    public static NodeTool Start(string node, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = Info(node, args);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{node} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeTool(process);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo Info(string node, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.NodeTools,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
