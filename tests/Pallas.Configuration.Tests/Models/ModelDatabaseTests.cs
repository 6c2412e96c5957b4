using Pallas.Configuration.Models;

namespace Pallas.Configuration.Tests.Models;

public sealed class ModelDatabaseTests
{
    [Theory]
    [InlineData("bedrock.anthropic.claude-sonnet-4-6", true, 1_000_000, 64_000)]
    [InlineData("bedrock.us.anthropic.claude-sonnet-4-6", true, 1_000_000, 64_000)]
    [InlineData("bedrock.eu.anthropic.claude-sonnet-4-6", true, 1_000_000, 64_000)]
    [InlineData("bedrock.global.anthropic.claude-opus-4-7", true, 1_000_000, 128_000)]
    [InlineData("anthropic.claude-opus-4-7", true, 1_000_000, 128_000)]
    [InlineData("bedrock.apac.anthropic.claude-haiku-4-5-20251001-v1:0", true, 200_000, 64_000)]
    [InlineData("anthropic.claude-haiku-4-5", true, 200_000, 64_000)]
    [InlineData("openai.minimax.minimax-m2.5", false, 196_000, 8_000)]
    [InlineData("bedrock.minimax.minimax-m2.5", false, 196_000, 8_000)]
    [InlineData("passthrough", false, 1_000_000, 100_000)]
    public void Find_EveryIdFormOfTheSeedModels_HasTheSeedValues(string model, bool vision, int context, int output)
    {
        var entry = ModelDatabase.Find(ModelSpec.Parse(model));

        Assert.NotNull(entry);
        Assert.Equal(new ModelCapabilities(vision, context, output), entry.Capabilities);
    }

    [Fact]
    public void Find_UnknownModel_ReturnsNull() =>
        Assert.Null(ModelDatabase.Find(ModelSpec.Parse("bedrock.amazon.nova-lite-v1:0")));

    [Theory]
    [InlineData("us.anthropic.claude-opus-4-7", true)]
    [InlineData("global.anthropic.claude-opus-4-7", true)]
    [InlineData("anthropic.claude-opus-4-7", false)]
    [InlineData("arn:aws:bedrock:us-east-1:1:inference-profile/us.x", false)]
    public void IsCrossRegionId_RecognisesGeoPrefixes(string id, bool expected) =>
        Assert.Equal(expected, ModelDatabase.IsCrossRegionId(id));
}
