using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Downstream;
using Pallas.Agents.Messaging;
using Pallas.Agents.Tests.Fakes;

namespace Pallas.Agents.Tests.Downstream;

public sealed class SubAgentRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Data(params string[] via) => new()
    {
        ["kind"] = "assistant_chunk",
        ["schema_version"] = 3,
        ["agent"] = via[^1],
        ["conversation_id"] = "c-1",
        ["iteration"] = 2,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "hi" }),
        ["stop_reason"] = "toolUse",
        ["via_agent"] = new JsonArray([.. via.Select(name => (JsonNode?)name)]),
        ["parent_call_id"] = "toolu_7",
    };

    private static JsonRpcNotification Notification(JsonObject data, string relayId, string logger = "pallas.assistant") => new()
    {
        Method = "notifications/message",
        Params = new JsonObject
        {
            ["level"] = "info",
            ["logger"] = logger,
            ["data"] = data,
            ["_meta"] = new JsonObject { ["pallas/relay_id"] = relayId },
        },
    };

    [Fact]
    public void Parse_RelayedChunk_KeepsOriginViaAgentAndParentCallId()
    {
        var chunk = SubAgentRelay.Parse(Data("research", "search"))!;

        Assert.Equal(("search", "toolu_7"), (chunk.Relay!.Agent, chunk.Relay.ParentCallId));
        Assert.Equal(["research", "search"], chunk.Relay.ViaAgent);
        Assert.Equal((2, "toolUse", """[{"type":"text","text":"hi"}]"""), (chunk.Iteration, chunk.StopReason, chunk.Content.ToJsonString()));
    }

    [Fact]
    public void Parse_DeeperThanThreeAgents_IsDropped() =>
        Assert.Null(SubAgentRelay.Parse(Data("a", "b", "c", "d")));

    [Fact]
    public void Parse_SchemaVersion2OrMissingParent_IsNotARelay()
    {
        var own = Data("research");
        own["schema_version"] = 2;
        var orphan = Data("research");
        orphan.Remove("parent_call_id");

        Assert.Null(SubAgentRelay.Parse(own));
        Assert.Null(SubAgentRelay.Parse(orphan));
        Assert.Null(SubAgentRelay.Parse(JsonValue.Create("not an object")));
    }

    [Theory]
    [InlineData("""{"content":{"type":"text","text":"hi"}}""")]
    [InlineData("""{"content":null}""")]
    [InlineData("""{"via_agent":["research",7]}""")]
    [InlineData("""{"via_agent":["research",null]}""")]
    [InlineData("""{"via_agent":["research",""]}""")]
    [InlineData("""{"via_agent":[]}""")]
    [InlineData("""{"via_agent":"research"}""")]
    [InlineData("""{"agent":7}""")]
    [InlineData("""{"agent":""}""")]
    [InlineData("""{"agent":null}""")]
    [InlineData("""{"iteration":"2"}""")]
    [InlineData("""{"iteration":2.5}""")]
    [InlineData("""{"schema_version":"3"}""")]
    [InlineData("""{"kind":"other"}""")]
    [InlineData("""{"stop_reason":false}""")]
    [InlineData("""{"parent_call_id":""}""")]
    public void Parse_AFieldOfTheWrongShape_IsDroppedWithoutThrowing(string change)
    {
        var data = Data("research");
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            data[name] = value?.DeepClone();
        }

        Assert.Null(SubAgentRelay.Parse(data));
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("schema_version")]
    [InlineData("agent")]
    [InlineData("iteration")]
    [InlineData("content")]
    [InlineData("stop_reason")]
    [InlineData("via_agent")]
    public void Parse_AFieldMissing_IsDroppedWithoutThrowing(string field)
    {
        var data = Data("research");
        data.Remove(field);

        Assert.Null(SubAgentRelay.Parse(data));
    }

    [Fact]
    public void Parse_NotAnObject_IsDroppedWithoutThrowing()
    {
        Assert.Null(SubAgentRelay.Parse(null));
        Assert.Null(SubAgentRelay.Parse(new JsonArray(Data("research"))));
        Assert.Null(SubAgentRelay.Parse(JsonValue.Create(3)));
    }

    [Fact]
    public void Parse_ConversationIdOfAnyShape_IsNotLookedAt()
    {
        // The relaying agent sends its own caller's conversation_id; the sub-agent's was never checked.
        var data = Data("research");
        data["conversation_id"] = new JsonObject { ["odd"] = true };
        var missing = Data("research");
        missing.Remove("conversation_id");

        Assert.NotNull(SubAgentRelay.Parse(data));
        Assert.NotNull(SubAgentRelay.Parse(missing));
    }

    [Fact]
    public async Task ForwardAsync_OpenRoute_ReachesThatCallsObserverOnly()
    {
        var relay = new SubAgentRelay(NullLogger.Instance);
        var mine = new RecordingObserver();
        var other = new RecordingObserver();
        using var route = relay.Register("toolu_7", mine);
        using var otherRoute = relay.Register("toolu_7", other);

        await relay.ForwardAsync("research", Notification(Data("research"), RelayId(route)), Ct);

        Assert.Equal("research", Assert.Single(mine.Chunks).Relay!.Agent);
        Assert.Empty(other.Chunks);
        Assert.Equal("toolu_7", (string?)route.Meta["pallas/parent_call_id"]);
    }

    [Fact]
    public async Task ForwardAsync_ClosedRouteOtherLoggerOrGarbage_IsDroppedWithoutThrowing()
    {
        var relay = new SubAgentRelay(NullLogger.Instance);
        var observer = new RecordingObserver();
        var route = relay.Register("toolu_7", observer);
        var relayId = RelayId(route);

        await relay.ForwardAsync("research", Notification(Data("research"), relayId, logger: "other"), Ct);
        await relay.ForwardAsync("research", new JsonRpcNotification { Method = "notifications/message", Params = JsonValue.Create(42) }, Ct);
        route.Dispose();
        await relay.ForwardAsync("research", Notification(Data("research"), relayId), Ct);

        Assert.Empty(observer.Chunks);
    }

    private static string RelayId(SubAgentRelay.Registration route) => (string)route.Meta["pallas/relay_id"]!;
}
