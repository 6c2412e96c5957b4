using System.Text.Json.Nodes;
using Pallas.Agents.Messaging;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Interop;

/// <summary>A client that is not ours, the official TypeScript SDK (tests/js/mcp-client.mjs), against an in-process host.</summary>
public sealed class TypeScriptClientTests
{
    [Fact]
    public async Task TypeScriptSdkClient_FullSurface_SeesToolsReplyNotificationsHealthAndPrompt()
    {
        NodeTools.SkipUnlessInstalled();
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (request, observer, token) =>
            {
                await observer.OnProgressAsync("LLM iteration 1", token);
                await observer.OnAssistantChunkAsync(new AssistantChunk(1, [new JsonObject { ["type"] = "text", ["text"] = "working" }], "toolUse"), token);
                await observer.OnProgressAsync("Calling everything__echo", token);
                await observer.OnProgressAsync("everything__echo finished", token);
                return new SendMessageResult($"ts got: {request.Message} ({request.InboundBearerToken})", SendMessageOutcome.Ok);
            });

        var (exitCode, stdout, stderr) = await NodeTools.RunAsync("node", [Path.Combine(NodeTools.JsDirectory, "mcp-client.mjs"), host.Mcp("jarvis").ToString(), "jarvis", "ts-token"]);

        Assert.True(exitCode == 0, $"mcp-client.mjs exited {exitCode}: {stderr}");
        var output = JsonNode.Parse(stdout)!;
        Assert.Equal("jarvis", (string?)output["server"]!["name"]);
        var tools = output["tools"]!.AsArray();
        Assert.Equal(["get_health", "send_message"], tools.Select(tool => (string?)tool!["name"]).Order());
        Assert.All(tools, tool => Assert.False(string.IsNullOrWhiteSpace((string?)tool!["description"])));
        Assert.Equal("ts got: hello from typescript (ts-token)", (string?)output["send"]!["content"]![0]!["text"]);
        var progress = output["progress"]!.AsArray().Select(value => (double)value!["progress"]!).ToArray();
        Assert.Equal(3, progress.Length);
        Assert.True(progress.Zip(progress.Skip(1)).All(pair => pair.Second > pair.First), "progress must strictly increase");
        var log = Assert.Single(output["logs"]!.AsArray())!;
        Assert.Equal("pallas.assistant", (string?)log["logger"]);
        Assert.Equal("ts-1", (string?)log["data"]!["conversation_id"]);
        Assert.Equal("healthy", (string?)output["health"]!["structuredContent"]!["status"]);
        Assert.Empty(output["prompt"]!["messages"]!.AsArray());
    }
}
