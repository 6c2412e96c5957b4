using System.Text.Json;
using System.Text.Json.Nodes;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.Tests.Messaging;

public sealed class SegmentedJsonTests
{
    [Fact]
    public void ToUtf8_LongStringsWithEscapesAndSurrogatePairsOnSegmentEdges_ReadBackUnchanged()
    {
        // A surrogate pair and an escaped character straddling each segment boundary.
        var edge = SegmentedJson.SegmentLength - 1;
        var text = string.Concat(Enumerable.Range(0, 5).Select(i => new string('x', i == 0 ? edge : SegmentedJson.SegmentLength - 2) + "😀\"\n"));
        var node = new JsonObject
        {
            ["kind"] = "assistant_chunk",
            ["iteration"] = 1,
            ["conversation_id"] = null,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }, new JsonObject { ["type"] = "text", ["text"] = "short" }),
        };

        var element = JsonDocument.Parse(SegmentedJson.ToUtf8(node)).RootElement;

        Assert.Equal(text, element.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(JsonNode.DeepEquals(node, JsonNode.Parse(element.GetRawText())));
    }

    [Fact]
    public void ToUtf8_ShortDocument_MatchesTheSerializer() =>
        Assert.Equal(
            JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["a"] = new JsonArray(1, "two", null, true) }),
            SegmentedJson.ToUtf8(new JsonObject { ["a"] = new JsonArray(1, "two", null, true) }).ToArray());
}
