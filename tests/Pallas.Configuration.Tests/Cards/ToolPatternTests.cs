using Pallas.Configuration.Cards;

namespace Pallas.Configuration.Tests.Cards;

/// <summary>The <c>tools:</c> matching rule that serving and <c>check --online</c> share.</summary>
public sealed class ToolPatternTests
{
    [Theory]
    [InlineData("read_file", "read_file", true)]
    [InlineData("read_file", "read_files", false)]
    [InlineData("read_file", "Read_file", false)]
    [InlineData("read_*", "read_file", true)]
    [InlineData("read_*", "read_", true)]
    [InlineData("read_*", "write_file", false)]
    [InlineData("read_*", "Read_file", false)]
    [InlineData("*", "anything", true)]
    [InlineData("re*d", "read", false)]
    [InlineData("re*d", "re*d", true)]
    public void Matches_ExactNameOrTrailingStarPrefix(string pattern, string tool, bool expected) =>
        Assert.Equal(expected, ToolPattern.Matches(pattern, tool));

    [Fact]
    public void AllowsTool_AServerWithoutAnEntryAllowsAll_OtherwiseAPatternMustMatch()
    {
        var card = new AgentCard
        {
            Name = "a",
            SourcePath = "/p/agents/a.md",
            Servers = ["fs", "web"],
            Tools = new Dictionary<string, IReadOnlyList<string>> { ["fs"] = ["read_file", "list_*"] },
        };

        Assert.True(card.AllowsTool("web", "fetch"));
        Assert.True(card.AllowsTool("fs", "read_file"));
        Assert.True(card.AllowsTool("fs", "list_directory"));
        Assert.False(card.AllowsTool("fs", "write_file"));
    }
}
