using Pallas.Configuration.Diagnostics;

namespace Pallas.Configuration.Tests.Credentials;

public sealed class ProviderKeyTests
{
    private const string OneAgent = "name: demo\nversion: \"1.0.0\"\nhost: localhost\nregistry_port: 8200\nagents:\n  jarvis:\n    module: agents.jarvis\n    port: 8201\n";

    private static TempProject Project(string config, string? secrets = null)
    {
        var project = new TempProject().With("agents.yaml", OneAgent).With("fastagent.config.yaml", config).With("agents/jarvis.md", "You are Jarvis.");
        return secrets is null ? project : project.With("fastagent.secrets.yaml", secrets);
    }

    [Fact]
    public void NoSecretsFile_ForAUsedProvider_IsAnErrorAtTheModelLine()
    {
        using var project = Project("mcp: {}\ndefault_model: openai.minimax.minimax-m2.5\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("fastagent.config.yaml", 2, "default_model"), (error.File, error.Line, error.Key));
        Assert.Equal("no API key for the openai provider; set openai.api_key in fastagent.secrets.yaml, e.g. api_key: \"${OPENAI_API_KEY}\" "
            + "with OPENAI_API_KEY=<your openai API key> in .env (jarvis runs on openai.minimax.minimax-m2.5).", error.Message);
    }

    [Fact]
    public void MisspelledApiKey_IsOneErrorAtTheMisspelling_NamingMantlesKey()
    {
        using var project = Project("default_model: anthropic.claude-opus-4-7\n",
            "anthropic:\n  base_url: https://bedrock-mantle.us-east-1.api.aws/anthropic\n  apikey: ${BEDROCK_API_KEY}\n");

        var diagnostic = Assert.Single(project.Load().Diagnostics);

        Assert.Equal((ConfigSeverity.Error, "fastagent.secrets.yaml", 3, "anthropic.apikey"), (diagnostic.Severity, diagnostic.File, diagnostic.Line, diagnostic.Key));
        Assert.StartsWith("'apikey' is not api_key, so there is no API key for the anthropic provider;", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("BEDROCK_API_KEY=<your Bedrock long-term API key>", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspelledApiKey_OfAnUnusedProvider_IsOneWarning()
    {
        using var project = Project("default_model: passthrough\nopenai:\n  api_kye: sk-test\n");

        var result = project.Load();

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("fastagent.config.yaml", 3, "openai.api_kye"), (warning.File, warning.Line, warning.Key));
        Assert.Equal("unknown key in openai; did you mean 'api_key'?", warning.Message);
    }

    [Theory]
    [InlineData("default_model: passthrough\n")]
    [InlineData("default_model: bedrock.anthropic.claude-sonnet-4-6\n")]
    [InlineData("default_model: generic.llama3.2:latest\nmodel_capabilities: {vision: false, context_window: 8192, max_output_tokens: 2048}\n")]
    public void ProvidersWithoutKeys_NeedNone(string config)
    {
        using var project = Project(config);

        Assert.Empty(project.Load().Diagnostics);
    }
}
