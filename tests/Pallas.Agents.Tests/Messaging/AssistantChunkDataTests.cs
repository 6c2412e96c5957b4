using System.Text.Json;
using System.Text.Json.Nodes;
using Pallas.Agents.Downstream;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.Tests.Messaging;

public sealed class AssistantChunkDataTests
{
    private static AssistantChunkData Read(string json) =>
        JsonSerializer.Deserialize(json, AssistantChunkJsonContext.Default.AssistantChunkData)!;

    [Fact]
    public void Context_DocumentedRelayedChunk_ReadsEveryFieldByItsWireName()
    {
        // docs/mcp-surface.md, "Relayed chunks from Pallas sub-agents": a renamed field reads as missing and fails here.
        var data = Read("""
            {
              "kind": "assistant_chunk",
              "schema_version": 3,
              "agent": "research",
              "conversation_id": "ts-1",
              "iteration": 1,
              "content": [ { "type": "text", "text": "Three sources agree: ..." } ],
              "stop_reason": "endTurn",
              "via_agent": ["research"],
              "parent_call_id": "toolu_1"
            }
            """);

        Assert.Equal(("assistant_chunk", 3, "research", 1, "endTurn"), (data.Kind, data.SchemaVersion, data.Agent, data.Iteration, data.StopReason));
        Assert.Equal("""[{"type":"text","text":"Three sources agree: ..."}]""", data.Content.ToJsonString());
        Assert.Equal(["research"], data.ViaAgent!);
        Assert.Equal("toolu_1", data.ParentCallId);
        // Written, never read: a relaying agent puts its own caller's conversation_id on what it relays.
        Assert.Null(data.ConversationId);
    }

    [Fact]
    public void Context_OwnChunk_WritesNoRelayFieldsButANullConversationId() =>
        Assert.Equal(
            """{"kind":"assistant_chunk","schema_version":2,"agent":"jarvis","conversation_id":null,"iteration":3,"content":[],"stop_reason":"endTurn"}""",
            JsonSerializer.Serialize(AssistantChunkData.From(new AssistantChunk(3, [], "endTurn"), "jarvis", null), AssistantChunkJsonContext.Default.AssistantChunkData));

    [Fact]
    public void From_ThenTheRelayDecoder_GivesBackTheChunk()
    {
        // research, called by jarvis, relays an iteration of search: the encoder's output read by jarvis's decoder.
        var text = new string('x', SegmentedJson.SegmentLength) + "😀 \"quoted\"\n" + new string('y', SegmentedJson.SegmentLength);
        var chunk = new AssistantChunk(2, [new JsonObject { ["type"] = "text", ["text"] = text }, new JsonObject { ["type"] = "thinking", ["thinking"] = "hm" }], "toolUse")
        {
            Relay = new ChunkRelay("search", ["search"], "toolu_s"),
        };
        var data = AssistantChunkData.From(chunk, "research", "c-1", new InboundRelay("toolu_up", "r-1"))!;

        var relayed = SubAgentRelay.Parse(JsonNode.Parse(JsonSerializer.Serialize(data, AssistantChunkJsonContext.Default.AssistantChunkData)))!;

        Assert.Equal((2, "toolUse"), (relayed.Iteration, relayed.StopReason));
        Assert.True(JsonNode.DeepEquals(chunk.Content, relayed.Content));
        Assert.Equal(("search", "toolu_s"), (relayed.Relay!.Agent, relayed.Relay.ParentCallId));
        Assert.Equal(["research", "search"], relayed.Relay.ViaAgent);
    }

    [Fact]
    public void ToRelayedChunk_OwnChunkOfAPlainCaller_IsNotARelay() =>
        Assert.Null(AssistantChunkData.From(new AssistantChunk(1, [], "endTurn"), "jarvis", "c-1")!.ToRelayedChunk());
}
