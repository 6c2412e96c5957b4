namespace Pallas.Cli.Tests.Commands;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_BrokenProject_PrintsEveryProblemAndFails()
    {
        var directory = CliRunner.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(directory, "agents"));
        await File.WriteAllTextAsync(Path.Combine(directory, "agents.yaml"), """
            name: broken
            version: "1"
            host: localhost
            registry_port: 8200
            agents:
              a: {module: agents.a, port: 8200, depends_on: [b]}
              b: {module: agents.missing, port: 8202, model: gpt-4}
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "agents", "a.md"), "hi", TestContext.Current.CancellationToken);

        var (exitCode, output, _) = await CliRunner.RunAsync("check", "--project", directory);

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("agents.yaml:2: error: version:", output, StringComparison.Ordinal);
        Assert.Contains("agents.yaml:6: error: agents.a.port:", output, StringComparison.Ordinal);
        Assert.Contains("agents.yaml:7: error: agents.b.module:", output, StringComparison.Ordinal);
        Assert.Contains("agents.yaml:7: error: agents.b.model:", output, StringComparison.Ordinal);
        Assert.Contains("agents.a: agent 'a' has no model", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_ListsTheSeedModels()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("models");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("Claude Sonnet 4.6", output, StringComparison.Ordinal);
        Assert.Contains("minimax.minimax-m2.5", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_WorksOnEveryCommand()
    {
        foreach (var command in new[] { "check", "init", "models" })
        {
            var (exitCode, output, _) = await CliRunner.RunAsync(command, "--help");
            Assert.Equal(ExitCodes.Ok, exitCode);
            Assert.Contains("Usage:", output, StringComparison.Ordinal);
        }
    }
}
