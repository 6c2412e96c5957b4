using Pallas.Cli.Init;

namespace Pallas.Cli.Tests.Commands;

public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_ThenCheck_Succeeds()
    {
        var directory = CliRunner.NewTempDirectory();

        var init = await CliRunner.RunAsync("init", directory);
        var check = await CliRunner.RunAsync("check", "--project", directory);

        Assert.Equal(ExitCodes.Ok, init.ExitCode);
        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.Contains("3 agent(s)", check.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", check.Output, StringComparison.Ordinal);
        Assert.Contains("fastagent.secrets.yaml", await File.ReadAllTextAsync(Path.Combine(directory, ".gitignore"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_NamesTheProjectAfterTheDirectory_AndItsNextStepsStartWithCd()
    {
        var directory = Path.Combine(CliRunner.NewTempDirectory(), "my team");

        var (exitCode, output, _) = await CliRunner.RunAsync("init", directory);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("name: my-team\n", await File.ReadAllTextAsync(Path.Combine(directory, "agents.yaml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains($"  cd '{directory}'\n  pallas check ", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_IntoExistingProject_WritesNothing()
    {
        var directory = CliRunner.NewTempDirectory();
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "agents.yaml"), "mine", TestContext.Current.CancellationToken);

        var (exitCode, _, error) = await CliRunner.RunAsync("init", directory);

        Assert.Equal(ExitCodes.TargetExists, exitCode);
        Assert.Contains("agents.yaml", error, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(directory, "agents.yaml"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Path.Combine(directory, "fastagent.config.yaml")));
    }

    [Fact]
    public void ExamplesQuickstart_IsTheInitTemplate()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "quickstart");

        foreach (var (relative, content) in QuickstartTemplate.Files)
        {
            var path = Path.Combine(example, relative);
            Assert.True(File.Exists(path), $"examples/quickstart/{relative} is missing; run: pallas init examples/quickstart");
            Assert.Equal(content.ReplaceLineEndings("\n") + "\n", File.ReadAllText(path).ReplaceLineEndings("\n"));
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pallas.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Pallas.slnx not found above the test binaries.");
    }
}
