using System.Text.RegularExpressions;

namespace Pallas.Cli.Tests.Commands;

/// <summary>
/// <c>check --online</c> connects the cards' MCP servers as serving does (a real server-everything over stdio) and
/// checks each <c>tools:</c> allow-list against the tools they list.
/// </summary>
public sealed partial class OnlineToolCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> ProjectAsync(string marker, string servers, string tools)
    {
        var directory = CliRunner.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(directory, "agents"));
        await File.WriteAllTextAsync(Path.Combine(directory, "agents.yaml"), """
            name: tools
            version: "1.0.0"
            host: localhost
            registry_port: 8200
            agents:
              toolsmith: {module: agents.toolsmith, port: 8201}
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "fastagent.config.yaml"), $$"""
            default_model: passthrough
            mcp:
              servers:
                everything:
                  command: node
                  args: ["{{NodeTools.ServerEverything}}", "stdio"]
                  env: {PALLAS_TEST_MARKER: "{{marker}}"}
                missing:
                  command: pallas-no-such-mcp-server
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "agents", "toolsmith.md"), $"---\nservers: {servers}\ntools:\n{tools}\n---\nYou use tools.\n", Ct);
        return directory;
    }

    [Fact]
    public async Task CheckOnline_MisspelledTool_IsAnErrorAtTheToolsLine_AndAFailedServerIsReported()
    {
        var marker = Guid.NewGuid().ToString("N");
        var directory = await ProjectAsync(marker, "[everything, missing]", "  everything: [ehco, \"get-*\"]\n  missing: [anything]");

        var (code, output, error) = await CliRunner.RunAsync("check", "--online", "--project", directory);

        Assert.True(code == ExitCodes.PreflightFailed, $"exit {code}\n{output}\n{error}");
        Assert.Matches(ServerLine(), output);
        Assert.Contains(
            "server missing: FAILED: command not found: pallas-no-such-mcp-server (not on PATH; install it, or set mcp.servers.missing.command to its full path)",
            output, StringComparison.Ordinal);

        // One error: 'get-*' matches (get-sum, get-env, …), and the unreachable server's entry is not checked.
        var problem = Assert.Single(output.Split('\n'), line => line.Contains(": error: ", StringComparison.Ordinal));
        Assert.StartsWith("agents/toolsmith.md:3: error: tools: 'everything' has no tool matching 'ehco'; its tools are echo, ", problem, StringComparison.Ordinal);
        Assert.EndsWith("(did you mean 'echo'?)", problem.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"{directory}: 1 error(s), 0 warning(s).", output, StringComparison.Ordinal);
        await AssertStoppedAsync(marker);
    }

    [Fact]
    public async Task CheckOnline_AllowListsThatMatch_Pass()
    {
        var marker = Guid.NewGuid().ToString("N");
        var directory = await ProjectAsync(marker, "[everything]", "  everything: [echo, \"get-*\"]");

        var (code, output, error) = await CliRunner.RunAsync("check", "--online", "--project", directory);

        Assert.True(code == ExitCodes.Ok, $"exit {code}\n{output}\n{error}");
        Assert.Contains("passthrough: offline model, nothing to check.", output, StringComparison.Ordinal);
        Assert.Matches(ServerLine(), output);
        Assert.DoesNotContain("server missing", output, StringComparison.Ordinal);
        Assert.DoesNotContain(": error: ", output, StringComparison.Ordinal);
        await AssertStoppedAsync(marker);
    }

    // The check must not leave its stdio servers running: none of this test's children may outlive the command.
    private static async Task AssertStoppedAsync(string marker)
    {
        for (var attempt = 0; attempt < 50 && Running(marker).Count > 0; attempt++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Empty(Running(marker));
    }

    private static List<string> Running(string marker)
    {
        var running = new List<string>();
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(path => int.TryParse(Path.GetFileName(path), out _)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(process, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    running.Add(Path.GetFileName(process));
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another user's process, or one that just exited.
            }
        }

        return running;
    }

    [GeneratedRegex(@"^server everything: \d+ tools$", RegexOptions.Multiline)]
    private static partial Regex ServerLine();
}
