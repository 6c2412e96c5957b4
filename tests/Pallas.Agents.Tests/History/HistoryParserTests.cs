using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Agents.History;

namespace Pallas.Agents.Tests.History;

public sealed class HistoryParserTests
{
    private static JsonElement[] Rows(params string[] json) => [.. json.Select(j => JsonDocument.Parse(j).RootElement.Clone())];

    [Fact]
    public void Parse_ValidRows_KeepRoleContentAndImages()
    {
        var rows = HistoryParser.Parse(
            Rows("""{"role":"user","content":"look","images":[{"data":"aGVsbG8=","mime_type":"image/png"}]}""", """{"role":"assistant","content":"a cat"}"""),
            (_, reason) => Assert.Fail(reason));

        Assert.Equal(2, rows.Count);
        Assert.Equal((ChatRole.User, "look", "image/png"), (rows[0].Role, rows[0].Content, rows[0].Images.Single().MediaType));
        Assert.Equal((ChatRole.Assistant, "a cat"), (rows[1].Role, rows[1].Content));
    }

    [Theory]
    [InlineData("""["not","an","object"]""", "must be an object")]
    [InlineData("""{"content":"no role"}""", "role must be")]
    [InlineData("""{"role":"tool","content":"x"}""", "role must be")]
    [InlineData("""{"role":"user"}""", "content must be a string")]
    [InlineData("""{"role":"user","content":["a"]}""", "content must be a string")]
    [InlineData("""{"role":"user","content":"x","images":"nope"}""", "images must be an array")]
    [InlineData("""{"role":"user","content":"x","images":[{"mime_type":"image/png"}]}""", "data/mime_type")]
    [InlineData("""{"role":"user","content":"x","images":[{"data":"aGVsbG8="}]}""", "data/mime_type")]
    [InlineData("""{"role":"user","content":"x","images":[{"data":"***","mime_type":"image/png"}]}""", "base64")]
    [InlineData("""{"role":"user","content":"x","images":[{"data":"aGVsbG8=","mime_type":"text/plain"}]}""", "not an image")]
    public void Parse_MalformedRow_IsSkippedWithTheReason(string row, string reason)
    {
        var skipped = new List<(int Index, string Reason)>();

        var rows = HistoryParser.Parse(Rows("""{"role":"user","content":"ok"}""", row), (index, why) => skipped.Add((index, why)));

        Assert.Single(rows);
        var (index, why) = Assert.Single(skipped);
        Assert.Equal(1, index);
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }
}
