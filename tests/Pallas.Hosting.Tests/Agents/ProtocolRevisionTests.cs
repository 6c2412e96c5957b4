using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Messaging;
using Pallas.Hosting.Tests.Fakes;
using Pallas.Hosting.Tests.Http;

namespace Pallas.Hosting.Tests.Agents;

/// <summary>
/// Both MCP eras on one <c>/mcp</c>: 2025-11-25 clients get every assistant chunk; 2026-07-28 requests get them only
/// when their <c>_meta</c> log level is <c>info</c> or <c>debug</c>; progress follows the progress token in both.
/// </summary>
public sealed class ProtocolRevisionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>One chunk, then one progress notification, then the reply: the chunk is on the wire before the progress.</summary>
    private static Task<RunningHost> StartChunkingHostAsync() =>
        RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (request, observer, token) =>
            {
                await observer.OnAssistantChunkAsync(new AssistantChunk(1, [new JsonObject { ["type"] = "text", ["text"] = "Thinking." }], "endTurn"), token);
                await observer.OnProgressAsync("LLM iteration 1", token);
                return new SendMessageResult("done", SendMessageOutcome.Ok);
            });

    [Theory]
    [InlineData(null, false)]
    [InlineData("info", true)]
    [InlineData("debug", true)]
    [InlineData("warning", false)]
    public async Task Wire_Revision2026_ChunksOnlyWithInfoOrDebugLogLevel_ProgressAlways(string? logLevel, bool chunks)
    {
        await using var host = await StartChunkingHostAsync();
        var meta = new JsonObject
        {
            ["progressToken"] = "p-1",
            ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "wire-test", ["version"] = "1.0.0" },
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
        };
        if (logLevel is not null)
        {
            meta["io.modelcontextprotocol/logLevel"] = logLevel;
        }

        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 7,
            ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = "send_message", ["arguments"] = new JsonObject { ["message"] = "go" }, ["_meta"] = meta },
        }.ToJsonString();
        using var http = new HttpClient();
        using var request = TransportHygieneTests.McpPost(host.Mcp("jarvis"), body);
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", "send_message");

        using var response = await http.SendAsync(request, Token);
        var stream = await response.Content.ReadAsStringAsync(Token);

        Assert.True(response.IsSuccessStatusCode, stream);
        Assert.Contains("\"notifications/progress\"", stream, StringComparison.Ordinal);
        Assert.Contains("\"done\"", stream, StringComparison.Ordinal);
        Assert.Equal(chunks, stream.Contains("\"notifications/message\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2025-11-25", false, true)]
    [InlineData("2025-06-18", false, true)]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    public async Task CSharpClient_EachRevision_GetsChunksAsTheRevisionSays(string? pinnedVersion, bool requestChunks, bool chunks)
    {
        await using var host = await StartChunkingHostAsync();
        var chunkCount = 0;
        var chunkArrived = new Collector<JsonNode>(1);
        var progressed = new Collector<JsonNode>(1);
        var options = new McpClientOptions
        {
            ProtocolVersion = pinnedVersion,
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new("notifications/message", (notification, _) =>
                    {
                        Interlocked.Increment(ref chunkCount);
                        chunkArrived.Add(notification.Params!.DeepClone());
                        return ValueTask.CompletedTask;
                    }),
                    new("notifications/progress", (notification, _) =>
                    {
                        progressed.Add(notification.Params!.DeepClone());
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"), options: options, requestChunks: requestChunks);

        var result = await client.CallToolAsync(
            new CallToolRequestParams
            {
                Name = "send_message",
                Arguments = new Dictionary<string, System.Text.Json.JsonElement> { ["message"] = System.Text.Json.JsonSerializer.SerializeToElement("go") },
                Meta = new JsonObject { ["progressToken"] = "p-1" },
            },
            Token);
        await progressed.WaitAsync();
        if (chunks)
        {
            Assert.Equal("pallas.assistant", (string?)Assert.Single(await chunkArrived.WaitAsync())["logger"]);
        }

        // The client may dispatch notifications out of order, so "none" here is only as strong as the wait for the
        // progress that followed the chunk on the wire; the wire test above proves the absence exactly.
        Assert.Equal(pinnedVersion ?? "2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Equal("done", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Equal(chunks ? 1 : 0, Volatile.Read(ref chunkCount));
    }
}
