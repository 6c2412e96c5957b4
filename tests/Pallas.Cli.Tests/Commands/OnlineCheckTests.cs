using Pallas.Emulators.OpenAI;

namespace Pallas.Cli.Tests.Commands;

public sealed class OnlineCheckTests
{
    [Theory]
    [InlineData("openai.minimax.minimax-m2.5", "test-key", ExitCodes.Ok, "ok")]
    [InlineData("openai.minimax.minimax-m2.5", "wrong-key", ExitCodes.PreflightFailed, "FAILED")]
    [InlineData("openai.qwen.qwen3-32b", "test-key", ExitCodes.PreflightFailed, "qwen.qwen3-32b")]
    public async Task CheckOnline_RunsThePreflightOfEveryProviderInUse(string model, string key, int exitCode, string expected)
    {
        await using var emulator = new OpenAIEmulator();
        await emulator.StartAsync(TestContext.Current.CancellationToken);
        var directory = CliRunner.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(directory, "agents"));
        await File.WriteAllTextAsync(Path.Combine(directory, "agents.yaml"), """
            name: online
            version: "1.0.0"
            host: localhost
            registry_port: 8200
            agents:
              a: {module: agents.a, port: 8201}
              b: {module: agents.a, port: 8202, model: passthrough}
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "agents", "a.md"), "hi", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "fastagent.config.yaml"), $$"""
            default_model: {{model}}
            model_capabilities: {vision: false, context_window: 32000, max_output_tokens: 4000}
            openai:
              base_url: "{{emulator.BaseUrl}}"
              api_key: {{key}}
            """, TestContext.Current.CancellationToken);

        var (code, output, error) = await CliRunner.RunAsync("check", "--online", "--project", directory);

        Assert.True(exitCode == code, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"{model}: ", output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("passthrough: offline model", output, StringComparison.Ordinal);
    }
}
