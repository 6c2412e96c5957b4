using Pallas.Configuration.Auth;
using Pallas.Configuration.Limits;

namespace Pallas.Configuration.Tests.Project;

/// <summary>The <c>auth</c> and <c>limits</c> blocks of agents.yaml: resolution per agent, and every check with file:line.</summary>
public sealed class AuthSettingsTests
{
    private const string Key = "k3y-0123456789abcdef-secret";

    private static TempProject With(string agentsYamlTail, string agentBlock = "") =>
        new TempProject()
            .With("agents.yaml", ProjectLoaderTests.OneAgent + agentBlock + "\n" + agentsYamlTail)
            .With("fastagent.config.yaml", "default_model: passthrough\n")
            .With("agents/jarvis.md", "hi");

    [Fact]
    public void Load_NoAuthBlock_IsModeNoneWithoutLimits()
    {
        using var project = With("");

        var loaded = project.Load().GetProjectOrThrow();

        Assert.Equal((AuthSettings.None, LimitSettings.None), (loaded.Agents[0].Deployment.Auth, loaded.Agents[0].Deployment.Limits));
        Assert.False(loaded.Deployment.ProtectRegistry);
    }

    [Fact]
    public void Load_ApiKeys_AreSubstitutedFromTheEnvironment()
    {
        using var project = With("auth:\n  mode: api_key\n  api_keys: [\"${PALLAS_API_KEY}\"]\n");
        project.Environment["PALLAS_API_KEY"] = Key;

        var auth = project.Load().GetProjectOrThrow().Agents[0].Deployment.Auth;

        Assert.Equal(AuthMode.ApiKey, auth.Mode);
        Assert.Equal([Key], auth.ApiKeys);
        Assert.DoesNotContain(Key, auth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OAuth_AudienceDefaultsToEachEndpointsUrl()
    {
        using var project = With("auth:\n  mode: oauth\n  protect_registry: true\n  oauth:\n    issuer: \"https://auth.example.com/realms/agents\"\n    scopes: [pallas:invoke]\n");

        var loaded = project.Load().GetProjectOrThrow();

        var agent = loaded.Agents[0].Deployment.Auth.OAuth!;
        Assert.Equal(("https://auth.example.com/realms/agents", "http://localhost:8201/mcp"), (agent.Issuer, agent.Audience));
        Assert.Equal(["pallas:invoke"], agent.Scopes);
        Assert.Equal("http://localhost:8200", loaded.Deployment.Auth.OAuth!.Audience);
        Assert.True(loaded.Deployment.ProtectRegistry);
        Assert.True(loaded.Agents[0].Deployment.Auth.OAuth!.RequireHttps);
    }

    [Fact]
    public void Load_AgentBlock_OverridesTheTopLevelKeyByKey()
    {
        using var project = With(
            "auth:\n  mode: oauth\n  oauth:\n    issuer: \"https://auth.example.com\"\n    scopes: [a]\nlimits:\n  requests_per_minute: 60\n",
            "\n    auth:\n      oauth:\n        audience: \"https://jarvis.example.com/mcp\"\n    limits:\n      concurrent_calls: 4");

        var deployment = project.Load().GetProjectOrThrow().Agents[0].Deployment;

        Assert.Equal(("https://auth.example.com", "https://jarvis.example.com/mcp"), (deployment.Auth.OAuth!.Issuer, deployment.Auth.OAuth.Audience));
        Assert.Equal(["a"], deployment.Auth.OAuth.Scopes);
        Assert.Equal(new LimitSettings { RequestsPerMinute = 60, ConcurrentCalls = 4 }, deployment.Limits);
    }

    [Theory]
    [InlineData("auth:\n  mode: api_key\n", "auth.mode", "mode: api_key needs api_keys")]
    [InlineData("auth:\n  mode: oauth\n", "auth.mode", "mode: oauth needs oauth.issuer")]
    [InlineData("auth:\n  mode: oath\n", "auth.mode", "'oath' is not an auth mode; did you mean 'oauth'?")]
    [InlineData("auth:\n  protect_registry: true\n", "auth.protect_registry", "needs auth.mode api_key or oauth")]
    [InlineData("auth:\n  mode: oauth\n  oauth:\n    issuer: \"http://auth.example.com\"\n", "auth.oauth.issuer", "must use https")]
    [InlineData("auth:\n  mode: oauth\n  oauth:\n    issuer: auth.example.com\n", "auth.oauth.issuer", "is not an issuer URL")]
    [InlineData("auth:\n  mode: api_key\n  api_keys: [\"${UNSET_KEY}\"]\n", "auth.api_keys", "${UNSET_KEY} is not set")]
    [InlineData("auth:\n  mode: api_key\n  api_keys: [\"\"]\n", "auth.api_keys", "holds an empty key")]
    public void Load_BadAuth_IsOneLocatedError(string block, string key, string message)
    {
        using var project = With(block);

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents.yaml", key), (error.File, error.Key));
        Assert.True(error.Line >= 10, $"line {error.Line}");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LoopbackHttpIssuer_IsAccepted()
    {
        using var project = With("auth:\n  mode: oauth\n  oauth:\n    issuer: \"http://127.0.0.1:9000\"\n");

        var oauth = project.Load().GetProjectOrThrow().Agents[0].Deployment.Auth.OAuth!;

        Assert.False(oauth.RequireHttps);
    }

    [Fact]
    public void Load_ShortKey_IsAWarningThatDoesNotEchoIt()
    {
        using var project = With("auth:\n  mode: api_key\n  api_keys: [\"${PALLAS_API_KEY}\"]\n");
        project.Environment["PALLAS_API_KEY"] = "tiny-secret";

        var warning = Assert.Single(project.Load().Warnings, w => w.Key == "auth.api_keys");

        Assert.Contains("shorter than 16", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tiny-secret", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OpenBindWithModeNone_WarnsAtBind()
    {
        using var project = new TempProject()
            .With("agents.yaml", ProjectLoaderTests.OneAgent.Replace("host: localhost", "host: agents.example.com\nbind: 0.0.0.0", StringComparison.Ordinal))
            .With("fastagent.config.yaml", "default_model: passthrough\n")
            .With("agents/jarvis.md", "hi");

        var warning = Assert.Single(project.Load().Warnings, w => w.Key == "bind");

        Assert.Contains("jarvis has auth mode none", warning.Message, StringComparison.Ordinal);
        Assert.Contains("mode: api_key", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProtectRegistryInAnAgent_IsAnErrorSayingWhereItGoes()
    {
        using var project = With("", "\n    auth:\n      protect_registry: true");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal("agents.jarvis.auth.protect_registry", error.Key);
        Assert.Contains("move it to auth: at the top", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MisspelledLimit_IsAWarningWithTheKnownKey()
    {
        using var project = With("limits:\n  request_per_minute: 5\n");

        var warning = Assert.Single(project.Load().Warnings, w => w.Key.StartsWith("limits", StringComparison.Ordinal));

        Assert.Contains("requests_per_minute", warning.Message, StringComparison.Ordinal);
    }
}
