using Pallas.Configuration.Models;
using Pallas.Configuration.Project;

namespace Pallas.Configuration.Tests.Project;

public sealed class SeedProjectTests
{
    public static TheoryData<string, string, string, string, ModelProvider, string> Paths => new()
    {
        { SeedSnippets.Path1Config, SeedSnippets.Path1Secrets, SeedSnippets.Path1Env, SeedSnippets.AgentsYaml, ModelProvider.Bedrock, "us.anthropic.claude-sonnet-4-6" },
        { SeedSnippets.Path2Config, SeedSnippets.Path2Secrets, SeedSnippets.MantleEnv, SeedSnippets.AgentsYaml, ModelProvider.Anthropic, "claude-opus-4-7" },
        { SeedSnippets.Path3Config, SeedSnippets.Path3Secrets, SeedSnippets.MantleEnv, SeedSnippets.AgentsYaml, ModelProvider.OpenAI, "minimax.minimax-m2.5" },
        { SeedSnippets.Path1Config, SeedSnippets.Path1Secrets, SeedSnippets.Path1Env, SeedSnippets.AgentsYamlWithModelOverride, ModelProvider.Bedrock, "us.anthropic.claude-haiku-4-5-20251001-v1:0" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Load_SeedSnippets_PassWithoutErrors(string config, string secrets, string env, string agents, ModelProvider provider, string modelId)
    {
        using var project = new TempProject()
            .With("fastagent.config.yaml", config)
            .With("fastagent.secrets.yaml", secrets)
            .With(".env", env)
            .With("agents.yaml", agents)
            .With("agents/jarvis.md", SeedSnippets.JarvisCard);

        var result = project.Load();

        Assert.Empty(result.Errors);
        var jarvis = Assert.Single(result.GetProjectOrThrow().Agents);
        Assert.Equal(provider, jarvis.Model.Provider);
        Assert.Equal(modelId, jarvis.Model.ModelId);
    }

    [Fact]
    public void Load_Path2_SecretsKeyComesFromDotEnvAndMantleIsDetected()
    {
        using var project = new TempProject()
            .With("fastagent.config.yaml", SeedSnippets.Path2Config)
            .With("fastagent.secrets.yaml", SeedSnippets.Path2Secrets)
            .With(".env", SeedSnippets.MantleEnv)
            .With("agents.yaml", SeedSnippets.AgentsYaml)
            .With("agents/jarvis.md", SeedSnippets.JarvisCard);

        var settings = project.Load().GetProjectOrThrow().Settings;

        Assert.Equal("your-bedrock-long-term-api-key", settings.Anthropic.ApiKey);
        Assert.True(settings.Anthropic.IsMantle);
        Assert.Equal(new ModelCapabilities(true, 1_000_000, 128_000), project.Load().Project!.Agents[0].Capabilities);
    }

    [Fact]
    public void Load_Path1_ReadsBedrockSectionAndTopLevelCapabilities()
    {
        using var project = new TempProject()
            .With("fastagent.config.yaml", SeedSnippets.Path1Config)
            .With("agents.yaml", SeedSnippets.AgentsYaml)
            .With("agents/jarvis.md", SeedSnippets.JarvisCard);

        var loaded = project.Load().GetProjectOrThrow();

        Assert.Equal("us-east-1", loaded.Settings.Bedrock.Region);
        Assert.Equal("default", loaded.Settings.Bedrock.Profile);
        Assert.Equal(ReasoningLevel.Medium, loaded.Settings.Bedrock.Reasoning);
        Assert.Equal(new ModelCapabilities(true, 1_000_000, 64_000), loaded.Agents[0].Capabilities);
    }

    [Fact]
    public void Load_PerAgentOverride_WinsOverTopLevelCapabilities()
    {
        using var project = new TempProject()
            .With("fastagent.config.yaml", SeedSnippets.Path1Config)
            .With("agents.yaml", SeedSnippets.AgentsYamlWithModelOverride)
            .With("agents/jarvis.md", SeedSnippets.JarvisCard);

        var jarvis = project.Load().GetProjectOrThrow().Agents[0];

        Assert.Equal(new ModelCapabilities(true, 200_000, 64_000), jarvis.Capabilities);
        Assert.Equal("Jarvis", jarvis.Deployment.Title);
        Assert.Equal("local.my-project", project.Load().Project!.Deployment.Namespace);
    }
}
