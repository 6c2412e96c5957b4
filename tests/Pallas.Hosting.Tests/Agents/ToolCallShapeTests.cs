using System.Text;
using System.Text.Json.Nodes;
using Pallas.Hosting.Agents;

namespace Pallas.Hosting.Tests.Agents;

public sealed class ToolCallShapeTests
{
    // Raw JSON string contents (between the quotes), as the parser hands them over.
    [Theory]
    [InlineData(@"\ud800")]
    [InlineData(@"\udc00")]
    [InlineData(@"\uDBFF")]
    [InlineData(@"\ud800x")]
    [InlineData(@"\ud800\n")]
    [InlineData(@"\ud800\u0041")]
    [InlineData(@"\ud800\ud800\udc00")]
    [InlineData(@"\ud83d\ude00\ude00")]
    [InlineData(@"ok \u0022quoted\u0022 \udfff")]
    public void HasLoneSurrogateEscape_LoneHalf_IsFound(string raw) =>
        Assert.True(ToolCallShape.HasLoneSurrogateEscape(Encoding.UTF8.GetBytes(raw)));

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData(@"\u0022quoted\u0022 and \n lines \\ and \/")]
    [InlineData(@"\ud83d\ude00")]
    [InlineData(@"\uD83D\uDE00 twice \uD83D\uDE00")]
    [InlineData(@"\\ud800")]
    [InlineData("été 😀")]
    public void HasLoneSurrogateEscape_WellFormedText_IsNotFlagged(string raw) =>
        Assert.False(ToolCallShape.HasLoneSurrogateEscape(Encoding.UTF8.GetBytes(raw)));

    [Fact]
    public void Problem_LargeMessageFullOfEscapes_IsAccepted()
    {
        // What a .NET client sends for a pasted document: quotes become \u0022, line breaks \n.
        var message = string.Concat(Enumerable.Repeat("a \"quoted\" line\n", 20_000));
        var parameters = JsonNode.Parse(new JsonObject { ["name"] = "send_message", ["arguments"] = new JsonObject { ["message"] = message } }.ToJsonString());

        Assert.Null(ToolCallShape.Problem(parameters));
    }
}
