using Pallas.Providers.Anthropic;

namespace Pallas.Providers.Tests.Anthropic;

public sealed class MantleModelIdsTests
{
    [Theory]
    [InlineData("claude-opus-4-7", "anthropic.claude-opus-4-7")]
    [InlineData("claude-haiku-4-5", "anthropic.claude-haiku-4-5")]
    [InlineData("anthropic.claude-opus-4-7", "anthropic.claude-opus-4-7")]
    public void ToWire_ModelIdFromModelString_PutsProviderPrefixBack(string modelId, string expected) =>
        Assert.Equal(expected, MantleModelIds.ToWire(modelId));

    [Theory]
    [InlineData("https://bedrock-mantle.us-east-1.api.aws/anthropic", "https://bedrock-mantle.us-east-1.api.aws/")]
    [InlineData("https://bedrock-mantle.eu-west-1.api.aws/anthropic/", "https://bedrock-mantle.eu-west-1.api.aws/")]
    [InlineData("http://127.0.0.1:5000/gateway/anthropic", "http://127.0.0.1:5000/gateway")]
    [InlineData("https://vpce-1.bedrock-mantle.us-east-1.vpce.amazonaws.com", "https://vpce-1.bedrock-mantle.us-east-1.vpce.amazonaws.com/")]
    public void RegionRoot_MantleBaseUrl_StripsAnthropicPath(string baseUrl, string expected) =>
        Assert.Equal(expected, MantleModelIds.RegionRoot(new Uri(baseUrl)).ToString());
}
