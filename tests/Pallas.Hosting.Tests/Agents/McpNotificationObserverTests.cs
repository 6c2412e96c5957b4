using System.Text.Json;
using System.Text.Json.Nodes;
using Pallas.Agents.Messaging;
using Pallas.Hosting.Agents;

namespace Pallas.Hosting.Tests.Agents;

public sealed class McpNotificationObserverTests
{
    private static AssistantChunk Own => new(1, [new JsonObject { ["type"] = "text", ["text"] = "hi" }], "endTurn");

    private static AssistantChunk Relayed(params string[] via) => Own with { Relay = new ChunkRelay(via[^1], via, "toolu_r") };

    [Fact]
    public void ToChunkData_OwnChunkForAPlainCaller_IsSchemaVersion2WithoutRelayFields()
    {
        var data = McpNotificationObserver.ToChunkData(Own, "jarvis", "c-1")!;

        Assert.Equal(2, (int)data["schema_version"]!);
        Assert.Equal(("jarvis", "c-1"), ((string?)data["agent"], (string?)data["conversation_id"]));
        Assert.False(data.ContainsKey("via_agent"));
        Assert.False(data.ContainsKey("parent_call_id"));
    }

    [Fact]
    public void ToChunkData_RelayedChunkForAPlainCaller_IsSchemaVersion3WithItsPath()
    {
        var data = McpNotificationObserver.ToChunkData(Relayed("research", "search"), "jarvis", "c-1")!;

        Assert.Equal(3, (int)data["schema_version"]!);
        Assert.Equal("search", (string?)data["agent"]);
        Assert.Equal("c-1", (string?)data["conversation_id"]);
        Assert.Equal("""["research","search"]""", data["via_agent"]!.ToJsonString());
        Assert.Equal("toolu_r", (string?)data["parent_call_id"]);
        Assert.Equal("""[{"type":"text","text":"hi"}]""", data["content"]!.ToJsonString());
    }

    [Fact]
    public void ToChunkData_PallasCaller_PutsThisAgentFirstInViaAgent()
    {
        var caller = new InboundRelay("toolu_up", "r-1");

        var own = McpNotificationObserver.ToChunkData(Own, "research", null, caller)!;
        var relayed = McpNotificationObserver.ToChunkData(Relayed("search"), "research", null, caller)!;

        Assert.Equal((3, """["research"]""", "toolu_up"), ((int)own["schema_version"]!, own["via_agent"]!.ToJsonString(), (string?)own["parent_call_id"]));
        Assert.Equal((3, """["research","search"]""", "toolu_r"), ((int)relayed["schema_version"]!, relayed["via_agent"]!.ToJsonString(), (string?)relayed["parent_call_id"]));
    }

    [Fact]
    public void ToChunkData_PathDeeperThanThree_IsDropped()
    {
        var caller = new InboundRelay("toolu_up", "r-1");

        Assert.NotNull(McpNotificationObserver.ToChunkData(Relayed("a", "b", "c"), "jarvis", null));
        Assert.Null(McpNotificationObserver.ToChunkData(Relayed("a", "b", "c"), "jarvis", null, caller));
    }

    [Fact]
    public void ToChunkData_WireJson_IsPinnedNameForNameInOrder()
    {
        // The documented examples (docs/mcp-surface.md): a renamed, reordered, dropped or added field fails here.
        var chunk = new AssistantChunk(
            1,
            [
                new JsonObject { ["type"] = "text", ["text"] = "Let me add those." },
                new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = "calculator__add", ["input"] = new JsonObject { ["a"] = 2, ["b"] = 2 } },
            ],
            "toolUse");
        const string Content = """[{"type":"text","text":"Let me add those."},{"type":"tool_use","id":"toolu_1","name":"calculator__add","input":{"a":2,"b":2}}]""";

        Assert.Equal(
            $$"""{"kind":"assistant_chunk","schema_version":2,"agent":"jarvis","conversation_id":"ts-1","iteration":1,"content":{{Content}},"stop_reason":"toolUse"}""",
            McpNotificationObserver.ToChunkData(chunk, "jarvis", "ts-1")!.ToJsonString());
        Assert.Equal(
            $$"""{"kind":"assistant_chunk","schema_version":3,"agent":"research","conversation_id":null,"iteration":1,"content":{{Content}},"stop_reason":"toolUse","via_agent":["research"],"parent_call_id":"toolu_up"}""",
            McpNotificationObserver.ToChunkData(chunk, "research", null, new InboundRelay("toolu_up", "r-1"))!.ToJsonString());
    }

    [Fact]
    public void ToChunkData_ReadBackThroughTheSharedContext_IsTheChunkARelayForwards()
    {
        // What research sends its Pallas caller, read the way that caller's relay reads it.
        var chunk = Relayed("search") with { Iteration = 4, StopReason = "toolUse" };

        var data = McpNotificationObserver.ToChunkData(chunk, "research", "c-1", new InboundRelay("toolu_up", "r-1"))!;
        var relayed = data.Deserialize(AssistantChunkJsonContext.Default.AssistantChunkData)!.ToRelayedChunk()!;

        Assert.Equal((4, "toolUse", chunk.Content.ToJsonString()), (relayed.Iteration, relayed.StopReason, relayed.Content.ToJsonString()));
        Assert.Equal(("search", "toolu_r"), (relayed.Relay!.Agent, relayed.Relay.ParentCallId));
        Assert.Equal(["research", "search"], relayed.Relay.ViaAgent);
    }

    [Fact]
    public void InboundRelay_FromMeta_NeedsBothKeysAsStrings()
    {
        Assert.Equal(new InboundRelay("toolu_1", "r-1"), InboundRelay.FromMeta(new JsonObject { ["pallas/parent_call_id"] = "toolu_1", ["pallas/relay_id"] = "r-1" }));
        Assert.Null(InboundRelay.FromMeta(new JsonObject { ["pallas/parent_call_id"] = "toolu_1" }));
        Assert.Null(InboundRelay.FromMeta(new JsonObject { ["pallas/parent_call_id"] = 7, ["pallas/relay_id"] = "r-1" }));
        Assert.Null(InboundRelay.FromMeta(null));
    }
}
