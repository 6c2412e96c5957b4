using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Agents;

public sealed class AgentEndpointTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ToolsList_AgentServer_OffersSendMessageAndGetHealthWithDescriptionsAndSchema()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));

        var tools = await client.ListToolsAsync(cancellationToken: Token);

        Assert.Equal(["get_health", "send_message"], tools.Select(tool => tool.Name).Order());
        Assert.All(tools, tool => Assert.False(string.IsNullOrWhiteSpace(tool.Description)));
        var schema = tools.Single(tool => tool.Name == "send_message").JsonSchema;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(["message"], schema.GetProperty("required").EnumerateArray().Select(item => item.GetString()));
        var properties = schema.GetProperty("properties");
        Assert.Equal(["conversation_id", "history", "images", "message"], properties.EnumerateObject().Select(property => property.Name).Order());
        Assert.Equal("string", properties.GetProperty("message").GetProperty("type").GetString());
        Assert.Equal(["data", "mime_type"], properties.GetProperty("images").GetProperty("items").GetProperty("required").EnumerateArray().Select(item => item.GetString()));
        var roles = properties.GetProperty("history").GetProperty("items").GetProperty("properties").GetProperty("role").GetProperty("enum");
        Assert.Equal(["user", "assistant"], roles.EnumerateArray().Select(item => item.GetString()));
    }

    [Fact]
    public async Task SendMessage_AllArguments_ReachRuntimeAndReplyIsText()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"), new Dictionary<string, string> { ["Authorization"] = "Bearer inbound-token-1" });

        var result = await client.CallToolAsync(
            "send_message",
            new Dictionary<string, object?>
            {
                ["message"] = "hello",
                ["images"] = new[] { new Dictionary<string, string> { ["data"] = "aGk=", ["mime_type"] = "image/png" } },
                ["history"] = new object[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = "earlier" }, new Dictionary<string, string> { ["role"] = "robot" } },
                ["conversation_id"] = "conv-7",
            },
            cancellationToken: Token);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("echo: hello", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        var request = Assert.Single(host.Runtimes["jarvis"].Requests);
        Assert.Equal("hello", request.Message);
        Assert.Equal(new ImageInput("aGk=", "image/png"), Assert.Single(request.Images));
        Assert.Equal(2, request.History.Count);
        Assert.Equal("robot", request.History[1].GetProperty("role").GetString());
        Assert.Equal("conv-7", request.ConversationId);
        Assert.Equal("inbound-token-1", request.InboundBearerToken);
    }

    [Theory]
    [InlineData(SendMessageOutcome.Error)]
    [InlineData(SendMessageOutcome.Timeout)]
    public async Task SendMessage_RuntimeFails_ReturnsIsErrorWithOneLine(SendMessageOutcome outcome)
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = (_, _, _) => Task.FromResult(new SendMessageResult("bedrock: throttled; retry later.", outcome)));
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));

        var result = await client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "hi" }, cancellationToken: Token);

        Assert.True(result.IsError);
        Assert.Equal("bedrock: throttled; retry later.", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task SendMessage_RuntimeThrows_ReturnsGenericErrorWithoutInternals()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = (_, _, _) => throw new InvalidOperationException("secret internals sk-ant-abcdefghijklmnop"));
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));

        var result = await client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "hi" }, cancellationToken: Token);

        Assert.True(result.IsError);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Contains("internal error", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public async Task GetHealth_ServerInError_ReturnsDegradedStructuredContentAndSameText()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.Servers =
            [
                new DownstreamServerHealth("everything", "stdio", DownstreamServerStatus.Ok, 12, 3.5, null),
                new DownstreamServerHealth("files", "http", DownstreamServerStatus.Error, 0, null, "connection refused; retrying"),
                new DownstreamServerHealth("slow", "stdio", DownstreamServerStatus.Connecting, 0, null, "connecting (up to 30 s)"),
            ]);
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));

        var result = await client.CallToolAsync("get_health", cancellationToken: Token);

        var structured = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!.AsObject();
        var text = JsonNode.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text)!;
        Assert.True(JsonNode.DeepEquals(structured, text));
        Assert.Equal("degraded", (string?)structured["status"]);
        Assert.Equal("jarvis", (string?)structured["agent"]);
        Assert.Equal("1.2.3", (string?)structured["version"]);
        Assert.Equal("passthrough", (string?)structured["model"]);
        Assert.True((double)structured["uptime_seconds"]! >= 0);
        Assert.False(structured.ContainsKey("llm"));
        var servers = structured["servers"]!.AsArray();
        Assert.Equal("ok", (string?)servers[0]!["status"]);
        Assert.Equal(12, (int)servers[0]!["tools"]!);
        Assert.Equal(3.5, (double)servers[0]!["latency_ms"]!);
        Assert.Equal("error", (string?)servers[1]!["status"]);
        Assert.Equal("connection refused; retrying", (string?)servers[1]!["error"]);
        Assert.Equal("http", (string?)servers[1]!["transport"]);
        Assert.Equal("connecting", (string?)servers[2]!["status"]);
    }

    [Fact]
    public async Task GetHealth_PreflightFailed_ReportsLlmErrorAndDegraded()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis", "anthropic.claude-opus-4-7")),
            options => options with { Preflight = RunningHost.Preflight(ok: false, "GET /v1/models/anthropic.claude-opus-4-7 answered 403: check bedrock-mantle:GetModel") });
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));

        var result = await client.CallToolAsync("get_health", cancellationToken: Token);

        var structured = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;
        Assert.Equal("degraded", (string?)structured["status"]);
        Assert.Equal("anthropic", (string?)structured["llm"]!["provider"]);
        Assert.Equal("error", (string?)structured["llm"]!["status"]);
        Assert.Contains("answered 403", (string?)structured["llm"]!["detail"], StringComparison.Ordinal);
        Assert.Equal("1970-01-01T00:00:00.000Z", (string?)structured["llm"]!["checked_at"]);
    }

    [Fact]
    public async Task GetHealth_PreflightPassedAndServersOk_ReportsHealthyWithLlm()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis", "openai.minimax.minimax-m2.5")),
            options => options with { Preflight = RunningHost.Preflight(ok: true) });
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));

        var result = await client.CallToolAsync("get_health", cancellationToken: Token);

        var structured = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!;
        Assert.Equal("healthy", (string?)structured["status"]);
        Assert.Equal("ok", (string?)structured["llm"]!["status"]);
        Assert.Equal("openai.minimax.minimax-m2.5", (string?)structured["model"]);
        Assert.Empty(structured["servers"]!.AsArray());
    }

    [Fact]
    public async Task HistoryPrompt_Get_ReturnsNoMessages()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));

        var prompts = await client.ListPromptsAsync(cancellationToken: Token);
        var prompt = await client.GetPromptAsync("jarvis_history", cancellationToken: Token);

        Assert.Equal("jarvis_history", Assert.Single(prompts).Name);
        Assert.Empty(prompt.Messages);
    }

    [Fact]
    public async Task SendMessage_WithProgressToken_SendsStrictlyIncreasingProgressWithMessages()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (request, observer, token) =>
            {
                await observer.OnProgressAsync("LLM iteration 1", token);
                await observer.OnProgressAsync("Calling everything__echo", token);
                await observer.OnProgressAsync("everything__echo finished", token);
                return new SendMessageResult("done", SendMessageOutcome.Ok);
            });
        // A client-wide handler: the C# client drops progress that it dispatches after CallToolAsync returned.
        var received = new Collector<JsonNode>(3);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new("notifications/progress", (notification, _) =>
                    {
                        received.Add(notification.Params!.DeepClone());
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"), options: options);

        var result = await client.CallToolAsync(
            new CallToolRequestParams
            {
                Name = "send_message",
                Arguments = new Dictionary<string, JsonElement> { ["message"] = JsonSerializer.SerializeToElement("go") },
                Meta = new JsonObject { ["progressToken"] = "token-1" },
            },
            Token);

        Assert.Equal("done", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        // Notifications may be dispatched concurrently: order by the server-assigned value, which must follow send order.
        var values = (await received.WaitAsync()).OrderBy(value => (double)value["progress"]!).ToArray();
        Assert.All(values, value => Assert.Equal("token-1", (string?)value["progressToken"]));
        Assert.Equal(["LLM iteration 1", "Calling everything__echo", "everything__echo finished"], values.Select(value => (string?)value["message"]));
        Assert.Equal(3, values.Select(value => (double)value["progress"]!).Distinct().Count());
    }

    [Fact]
    public async Task SendMessage_AssistantChunksAskedFor_ArriveAsLoggingNotifications()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (request, observer, token) =>
            {
                await observer.OnAssistantChunkAsync(new AssistantChunk(1, [new JsonObject { ["type"] = "text", ["text"] = "Let me check." }, new JsonObject { ["type"] = "tool_use", ["id"] = "t1", ["name"] = "everything__echo", ["input"] = new JsonObject() }], "toolUse"), token);
                await observer.OnAssistantChunkAsync(new AssistantChunk(2, [new JsonObject { ["type"] = "text", ["text"] = "All good." }], "endTurn"), token);
                return new SendMessageResult("All good.", SendMessageOutcome.Ok);
            });
        var notifications = new Collector<JsonNode>(2);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new("notifications/message", (notification, _) =>
                    {
                        notifications.Add(notification.Params!.DeepClone());
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"), options: options, requestChunks: true);

        await client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "go", ["conversation_id"] = "c-1" }, cancellationToken: Token);

        var chunks = (await notifications.WaitAsync()).OrderBy(chunk => (int)chunk["data"]!["iteration"]!).ToArray();
        var first = chunks[0];
        Assert.Equal("info", (string?)first["level"]);
        Assert.Equal("pallas.assistant", (string?)first["logger"]);
        var data = first["data"]!;
        Assert.Equal("assistant_chunk", (string?)data["kind"]);
        Assert.Equal(2, (int)data["schema_version"]!);
        Assert.Equal("jarvis", (string?)data["agent"]);
        Assert.Equal("c-1", (string?)data["conversation_id"]);
        Assert.Equal(1, (int)data["iteration"]!);
        Assert.Equal("toolUse", (string?)data["stop_reason"]);
        Assert.Equal("tool_use", (string?)data["content"]![1]!["type"]);
        Assert.Equal("endTurn", (string?)chunks[1]["data"]!["stop_reason"]);
    }

    [Fact]
    public async Task SendMessage_CalledByAPallasAgent_SendsSchemaVersion3ChunksTaggedWithTheRelayId()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("research")),
            setup: runtime => runtime.OnSend = async (request, observer, token) =>
            {
                await observer.OnAssistantChunkAsync(new AssistantChunk(1, [new JsonObject { ["type"] = "text", ["text"] = "Searching." }], "toolUse"), token);
                await observer.OnAssistantChunkAsync(
                    new AssistantChunk(1, [new JsonObject { ["type"] = "text", ["text"] = "Found it." }], "endTurn") { Relay = new ChunkRelay("search", ["search"], "toolu_s") },
                    token);
                return new SendMessageResult("done", SendMessageOutcome.Ok);
            });
        var notifications = new Collector<JsonNode>(2);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new("notifications/message", (notification, _) =>
                    {
                        notifications.Add(notification.Params!.DeepClone());
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("research"), options: options, requestChunks: true);
        var meta = new JsonObject { ["pallas/parent_call_id"] = "toolu_up", ["pallas/relay_id"] = "relay-42" };

        var result = await client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "go" }, options: new RequestOptions { Meta = meta }, cancellationToken: Token);

        var chunks = (await notifications.WaitAsync()).OrderBy(chunk => (string?)chunk["data"]!["agent"]).ToArray();
        Assert.All(chunks, chunk => Assert.Equal("relay-42", (string?)chunk["_meta"]!["pallas/relay_id"]));
        Assert.All(chunks, chunk => Assert.Equal(3, (int)chunk["data"]!["schema_version"]!));
        var (own, relayed) = (chunks[0]["data"]!, chunks[1]["data"]!);
        Assert.Equal(("research", """["research"]""", "toolu_up"), ((string?)own["agent"], own["via_agent"]!.ToJsonString(), (string?)own["parent_call_id"]));
        Assert.Equal(("search", """["research","search"]""", "toolu_s"), ((string?)relayed["agent"], relayed["via_agent"]!.ToJsonString(), (string?)relayed["parent_call_id"]));
        Assert.Equal(2, (int)result.Meta!["pallas/relayed_chunks"]!);
    }

    [Fact]
    public async Task CallTool_UnknownTool_ReturnsProtocolErrorAndServerKeepsServing()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("launch_rockets", cancellationToken: Token).AsTask());

        Assert.Contains("launch_rockets", error.Message, StringComparison.Ordinal);
        await AssertStillServesAsync(client);
    }

    [Theory]
    [InlineData("""{"message": 42}""", "'message' must be a string")]
    [InlineData("""{}""", "needs 'message'")]
    [InlineData("""{"message": "hi", "images": "not-a-list"}""", "'images' must be an array")]
    [InlineData("""{"message": "hi", "images": [{"data": "%%%", "mime_type": "image/png"}]}""", "images[0].data")]
    [InlineData("""{"message": "hi", "images": [{"data": "aGk="}]}""", "images[0].mime_type")]
    [InlineData("""{"message": "hi", "history": {"role": "user"}}""", "'history' must be an array")]
    [InlineData("""{"message": "hi", "conversation_id": 5}""", "'conversation_id' must be a string")]
    public async Task SendMessage_WrongArgumentTypes_ReturnsIsErrorAndServerKeepsServing(string arguments, string expected)
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
        var parsed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!;

        var result = await client.CallToolAsync(new CallToolRequestParams { Name = "send_message", Arguments = parsed }, Token);

        Assert.True(result.IsError);
        Assert.Contains(expected, Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
        Assert.Empty(host.Runtimes["jarvis"].Requests);
        await AssertStillServesAsync(client);
    }

    internal static async Task AssertStillServesAsync(McpClient client)
    {
        var result = await client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "still there?" }, cancellationToken: Token);
        Assert.Equal("echo: still there?", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }
}
