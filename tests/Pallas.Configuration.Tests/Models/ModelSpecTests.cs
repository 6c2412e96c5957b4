using Pallas.Configuration.Models;

namespace Pallas.Configuration.Tests.Models;

public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("bedrock.us.anthropic.claude-sonnet-4-6", ModelProvider.Bedrock, "us.anthropic.claude-sonnet-4-6")]
    [InlineData("bedrock.anthropic.claude-sonnet-4-6", ModelProvider.Bedrock, "anthropic.claude-sonnet-4-6")]
    [InlineData("anthropic.claude-opus-4-7", ModelProvider.Anthropic, "claude-opus-4-7")]
    [InlineData("openai.minimax.minimax-m2.5", ModelProvider.OpenAI, "minimax.minimax-m2.5")]
    [InlineData("bedrock.us.anthropic.claude-haiku-4-5-20251001-v1:0", ModelProvider.Bedrock, "us.anthropic.claude-haiku-4-5-20251001-v1:0")]
    [InlineData("generic.llama3.2:latest", ModelProvider.Generic, "llama3.2:latest")]
    [InlineData("passthrough", ModelProvider.Passthrough, "passthrough")]
    [InlineData("slow", ModelProvider.Slow, "slow")]
    public void TryParse_SeedForms_SplitOnFirstDotAndKeepTheRestWhole(string text, ModelProvider provider, string modelId)
    {
        Assert.True(ModelSpec.TryParse(text, out var spec, out var error), error);
        Assert.Equal(provider, spec.Provider);
        Assert.Equal(modelId, spec.ModelId);
        Assert.Null(spec.Reasoning);
        Assert.Equal(text, spec.ToString());
    }

    [Fact]
    public void TryParse_ReasoningQuery_IsParsedAndKeptOutOfTheModelId()
    {
        var spec = ModelSpec.Parse("bedrock.us.anthropic.claude-sonnet-4-6?reasoning=low");

        Assert.Equal("us.anthropic.claude-sonnet-4-6", spec.ModelId);
        Assert.Equal(ReasoningLevel.Low, spec.Reasoning);
    }

    [Theory]
    [InlineData("?reasoning=extreme")]
    [InlineData("?temperature=1")]
    public void TryParse_BadQuery_FailsWithTheAcceptedForm(string query)
    {
        Assert.False(ModelSpec.TryParse("bedrock.anthropic.claude-sonnet-4-6" + query, out _, out var error));
        Assert.Contains("reasoning=minimal", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claude-sonnet-4-6")]
    [InlineData("us.anthropic.claude-sonnet-4-6")]
    [InlineData("azure.gpt-4")]
    [InlineData("bedrock.")]
    [InlineData("")]
    public void TryParse_NoKnownProvider_ShowsTheFourValidForms(string text)
    {
        Assert.False(ModelSpec.TryParse(text, out _, out var error));
        Assert.Contains("default_model: bedrock.us.anthropic.claude-sonnet-4-6", error, StringComparison.Ordinal);
        Assert.Contains("default_model: bedrock.anthropic.claude-sonnet-4-6", error, StringComparison.Ordinal);
        Assert.Contains("default_model: anthropic.claude-opus-4-7", error, StringComparison.Ordinal);
        Assert.Contains("default_model: openai.minimax.minimax-m2.5", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bedrock.claude-sonnet-4-6", "write bedrock.anthropic.claude-sonnet-4-6,")]
    [InlineData("bedrock.us.claude-sonnet-4-6", "write bedrock.us.anthropic.claude-sonnet-4-6,")]
    [InlineData("bedrock.nova-pro-v1:0", "write bedrock.<vendor>.nova-pro-v1:0,")]
    public void TryParse_BedrockIdWithoutVendor_SaysToNameTheVendor(string text, string fix)
    {
        Assert.False(ModelSpec.TryParse(text, out _, out var error));
        Assert.StartsWith($"'{text}': a Bedrock model id names its vendor", error, StringComparison.Ordinal);
        Assert.Contains(fix, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bedrock.anthropic.claude-sonnet-4-6")]
    [InlineData("bedrock.us.anthropic.claude-sonnet-4-6")]
    [InlineData("bedrock.arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc")]
    public void TryParse_BedrockIdWithVendorOrArn_Parses(string text) => Assert.True(ModelSpec.TryParse(text, out _, out _));
}
