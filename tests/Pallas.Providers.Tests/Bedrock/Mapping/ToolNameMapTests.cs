using Pallas.Providers.Bedrock.Mapping;

namespace Pallas.Providers.Tests.Bedrock.Mapping;

public sealed class ToolNameMapTests
{
    [Theory]
    [InlineData("filesystem__read_file")]
    [InlineData("get-weather")]
    public void Sanitize_ValidName_Unchanged(string name) => Assert.Equal(name, ToolNameMap.Sanitize(name));

    [Theory]
    [InlineData("fs.read file")]
    [InlineData("a-very-long-server-name__and-an-even-longer-tool-name-that-goes-past-sixty-four-characters")]
    [InlineData("ツール")]
    public void Sanitize_InvalidName_ValidAndReversible(string name)
    {
        var map = new ToolNameMap();

        var wire = map.Add(name);

        Assert.True(ToolNameMap.IsValid(wire), wire);
        Assert.Equal(name, map.ToOriginal(wire));
    }

    [Fact]
    public void Sanitize_NamesDifferingOnlyInInvalidCharacters_DoNotCollide() =>
        Assert.NotEqual(ToolNameMap.Sanitize("a.b"), ToolNameMap.Sanitize("a/b"));
}
