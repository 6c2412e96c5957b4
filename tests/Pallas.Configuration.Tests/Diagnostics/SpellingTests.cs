using Pallas.Configuration.Diagnostics;
using Pallas.Configuration.Models;

namespace Pallas.Configuration.Tests.Diagnostics;

public sealed class SpellingTests
{
    [Theory]
    [InlineData("registy_port", "registry_port")]
    [InlineData("max_iteration", "max_iterations")]
    [InlineData("basr_url", "base_url")]
    [InlineData("apikey", "api_key")]
    [InlineData("dependson", "depends_on")]
    [InlineData("tiemout", "timeout")]
    public void Closest_Typo_FindsTheKey(string typo, string expected)
    {
        string[] known = ["registry_port", "max_iterations", "base_url", "api_key", "depends_on", "timeout", "port", "host"];

        Assert.Equal(expected, Spelling.Closest(typo, known));
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("x")]
    public void Closest_NothingNear_IsNull(string word) =>
        Assert.Null(Spelling.Closest(word, ["registry_port", "host", "bind"]));

    [Theory]
    [InlineData("anthropic.claude-opus-4.7", "anthropic.claude-opus-4-7")]
    [InlineData("bedrock.us.anthropic.claude-sonet-4-6", "bedrock.us.anthropic.claude-sonnet-4-6")]
    [InlineData("openai.minimax.minimax-m2-5", "openai.minimax.minimax-m2.5")]
    public void Suggest_ModelIdCloseToADatabaseId_KeepsProviderAndPrefix(string written, string expected)
    {
        Assert.True(ModelSpec.TryParse(written, out var model, out _));

        Assert.Equal(expected, ModelDatabase.Suggest(model));
    }

    [Fact]
    public void Suggest_KnownOrFarModel_IsNull()
    {
        Assert.True(ModelSpec.TryParse("anthropic.claude-opus-4-7", out var known, out _));
        Assert.True(ModelSpec.TryParse("openai.gpt-oss-120b", out var far, out _));

        Assert.Null(ModelDatabase.Suggest(known));
        Assert.Null(ModelDatabase.Suggest(far));
    }
}
