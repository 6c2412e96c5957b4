using System.CommandLine;

namespace Pallas.Cli.Tests;

/// <summary>Runs the real command tree on a command line and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await PallasCli.CreateRootCommand().Parse(args).InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    public static string NewTempDirectory() => Path.Combine(Path.GetTempPath(), "pallas-cli-tests", Guid.NewGuid().ToString("N"));
}
