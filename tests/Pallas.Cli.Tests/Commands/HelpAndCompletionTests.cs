namespace Pallas.Cli.Tests.Commands;

public sealed class HelpAndCompletionTests
{
    [Theory]
    [InlineData("init", false)]
    [InlineData("models", false)]
    [InlineData("check", true)]
    [InlineData("send", true)]
    public async Task Project_IsOfferedOnlyWhereAProjectIsRead(string command, bool offered)
    {
        var (_, output, _) = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(offered, output.Contains("--project", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RootHelp_ListsOptionalArgumentsAsOptional()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("--help");

        Assert.True(exitCode == ExitCodes.Ok && output.Contains("Commands:", StringComparison.Ordinal), $"exit {exitCode}\n{output}\n{error}");
        var commands = output[output.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(commands, line => line.StartsWith("init [<dir>]  ", StringComparison.Ordinal));
        Assert.Contains(commands, line => line.StartsWith("send <agent> [<message>]  ", StringComparison.Ordinal));
        Assert.Contains(commands, line => line.StartsWith("completion <bash|zsh>  ", StringComparison.Ordinal));
        Assert.Contains("--agent", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _pallas_complete pallas")]
    [InlineData("zsh", "bashcompinit")]
    public async Task Completion_PrintsAScriptThatAsksPallasForSuggestions(string shell, string expected)
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("completion", shell);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("[suggest:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestDirective_CompletesCommands()
    {
        var (_, output, _) = await CliRunner.RunAsync("[suggest:9]", "pallas ch");

        Assert.Contains("check", output.Split('\n', StringSplitOptions.TrimEntries));
    }
}
