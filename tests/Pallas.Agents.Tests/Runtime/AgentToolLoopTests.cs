using Pallas.Agents.Downstream;
using Pallas.Agents.Messaging;
using Pallas.Agents.Tests.Fakes;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Tests.Runtime;

public sealed class AgentToolLoopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentDefinition AgentWith(IReadOnlyList<string> servers, IReadOnlyDictionary<string, IReadOnlyList<string>>? tools = null, Func<AgentDeployment, AgentDeployment>? deployment = null, int? cardMaxIterations = null) =>
        TestProject.Agent(
            card: new AgentCard
            {
                Name = "jarvis",
                SourcePath = "agents/jarvis.md",
                Servers = servers,
                Tools = tools ?? new Dictionary<string, IReadOnlyList<string>>(),
                RequestParams = new RequestParams { MaxIterations = cardMaxIterations },
            },
            deployment: deployment);

    [Fact]
    public async Task SendAsync_CallTool_CallsTheDownstreamServerAndRepliesWithItsText()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("everything", server.Url);
        var runtime = await project.StartAsync(AgentWith(["everything"]));
        var observer = new RecordingObserver();

        var result = await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL everything__echo {"text":"from the tool"}""" }, observer, Ct);

        Assert.Equal(new SendMessageResult("from the tool", SendMessageOutcome.Ok), result);
        Assert.Equal(1, await MetricsText.ValueAsync(project.Metrics, """pallas_tool_calls_total{agent="jarvis",server="everything",outcome="ok"}"""));
        Assert.Equal(2, await MetricsText.ValueAsync(project.Metrics, """pallas_llm_requests_total{provider="passthrough",model="passthrough",outcome="ok"}"""));
    }

    [Fact]
    public async Task SendAsync_ServerStillConnecting_WaitsForItAndOffersItsTools()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        server.HoldInitialize = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var project = new TestProject();
        project.AddHttpServer("everything", server.Url);
        var runtime = await project.StartAsync(AgentWith(["everything"]), waitForServers: false);
        var observer = new RecordingObserver();

        var call = runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL everything__echo {"text":"after the wait"}""" }, observer, Ct);
        await observer.WaitForProgressAsync("Waiting for MCP server everything to connect", Ct);
        Assert.False(call.IsCompleted);
        server.HoldInitialize.SetResult();

        Assert.Equal(new SendMessageResult("after the wait", SendMessageOutcome.Ok), await call.WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task SendAsync_ToolRound_NotifiesEachIterationAndToolStep()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("everything", server.Url);
        var runtime = await project.StartAsync(AgentWith(["everything"]));
        var observer = new RecordingObserver();

        await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL everything__echo {"text":"x"}""" }, observer, Ct);

        Assert.Equal(["jarvis: LLM call 1", "Calling everything__echo", "Finished everything__echo (ok)", "jarvis: LLM call 2"], observer.Progress);
        var chunks = observer.Chunks.ToList();
        Assert.Equal(2, chunks.Count);
        Assert.Equal((1, "toolUse"), (chunks[0].Iteration, chunks[0].StopReason));
        var toolUse = Assert.Single(chunks[0].Content)!;
        Assert.Equal("tool_use", (string?)toolUse["type"]);
        Assert.Equal("correlationId1", (string?)toolUse["id"]);
        Assert.Equal("everything__echo", (string?)toolUse["name"]);
        Assert.Equal("x", (string?)toolUse["input"]!["text"]);
        Assert.Equal((2, "endTurn"), (chunks[1].Iteration, chunks[1].StopReason));
        Assert.Equal("""[{"type":"text","text":"x"}]""", chunks[1].Content.ToJsonString());
    }

    [Fact]
    public async Task SendAsync_ToolsAllowList_OffersOnlyListedToolsOfListedServers()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var other = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("everything", server.Url);
        project.AddHttpServer("unlisted", other.Url);
        var model = new RecordingChatClient();
        var runtime = await project.StartAsync(AgentWith(["everything"], new Dictionary<string, IReadOnlyList<string>> { ["everything"] = ["echo", "con*"] }), model);

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "***CALL_TOOL everything__secret" }, new RecordingObserver(), Ct);

        var offered = model.Calls.First().Options!.Tools!.Select(tool => tool.Name).Order().ToList();
        Assert.Equal(["everything__constant", "everything__echo"], offered);
        Assert.DoesNotContain("secret data", result.Text, StringComparison.Ordinal);
        Assert.Contains("not found", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.ToolCallAuthorizations);
    }

    [Fact]
    public async Task SendAsync_InboundBearer_IsForwardedOnlyToTheForwardingServerPerRequest()
    {
        await using var trusted = await DownstreamTestServer.StartAsync();
        await using var untrusted = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("trusted", trusted.Url, forwardInboundAuth: true);
        project.AddHttpServer("public", untrusted.Url);
        var runtime = await project.StartAsync(AgentWith(["trusted", "public"]));

        await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL trusted__echo {"text":"a"}""", InboundBearerToken = "token-alice" }, new RecordingObserver(), Ct);
        await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL public__echo {"text":"b"}""", InboundBearerToken = "token-alice" }, new RecordingObserver(), Ct);
        await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL trusted__echo {"text":"c"}""", InboundBearerToken = "token-bob" }, new RecordingObserver(), Ct);
        await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL trusted__echo {"text":"d"}""" }, new RecordingObserver(), Ct);

        Assert.Equal(["Bearer token-alice", "Bearer token-bob", ""], trusted.ToolCallAuthorizations);
        Assert.Equal([""], untrusted.ToolCallAuthorizations);
    }

    [Fact]
    public async Task SendAsync_ConcurrentCallers_EachForwardTheirOwnToken()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("trusted", server.Url, forwardInboundAuth: true);
        var runtime = await project.StartAsync(AgentWith(["trusted"]));

        var calls = Enumerable.Range(0, 16).Select(i => runtime.SendAsync(
            new SendMessageRequest { Message = $$$"""***CALL_TOOL trusted__echo {"text":"caller-{{{i}}}"}""", InboundBearerToken = $"token-{i}" },
            new RecordingObserver(), Ct));
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"caller-{i}"), results.Select(r => r.Text));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"Bearer token-{i}").Order(), server.ToolCallAuthorizations.Order());
    }

    [Fact]
    public async Task SendAsync_DownstreamPallasAgentRelaysAChunk_ReachesTheObserverUnderTheToolCall()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("research", server.Url);
        var runtime = await project.StartAsync(AgentWith(["research"]));
        var observer = new RecordingObserver();

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "***CALL_TOOL research__relay" }, observer, Ct);

        Assert.Equal(new SendMessageResult("research answered", SendMessageOutcome.Ok), result);
        var relayed = Assert.Single(observer.Chunks, chunk => chunk.Relay is not null);
        Assert.Equal(("research", "correlationId1"), (relayed.Relay!.Agent, relayed.Relay.ParentCallId));
        Assert.Equal(["research"], relayed.Relay.ViaAgent);
        Assert.Equal((1, "endTurn"), (relayed.Iteration, relayed.StopReason));
        Assert.Equal("""[{"type":"text","text":"looking it up"}]""", relayed.Content.ToJsonString());
        Assert.Equal(2, observer.Chunks.Count(chunk => chunk.Relay is null));
    }

    [Fact]
    public async Task SendAsync_ObserverThatThrowsOnRelayedChunks_DoesNotFailTheTurn()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("research", server.Url);
        var runtime = await project.StartAsync(AgentWith(["research"]));

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "***CALL_TOOL research__relay" }, new RelayRejectingObserver(), Ct);

        Assert.Equal(new SendMessageResult("research answered", SendMessageOutcome.Ok), result);
    }

    private sealed class RelayRejectingObserver : IAgentObserver
    {
        public ValueTask OnProgressAsync(string message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken) =>
            chunk.Relay is null ? ValueTask.CompletedTask : throw new InvalidOperationException("client went away");
    }

    [Fact]
    public async Task SendAsync_ObserverThatThrows_DoesNotFailTheTurn()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(AgentWith([]));

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "still fine" }, new ThrowingObserver(), Ct);

        Assert.Equal(new SendMessageResult("still fine", SendMessageOutcome.Ok), result);
    }

    private sealed class ThrowingObserver : IAgentObserver
    {
        public ValueTask OnProgressAsync(string message, CancellationToken cancellationToken) => throw new InvalidOperationException("client went away");

        public ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken) => throw new InvalidOperationException("client went away");
    }

    [Fact]
    public async Task SendAsync_SseServer_IsCalledWithTheBearerForwardedPerRequest()
    {
        await using var server = await DownstreamTestServer.StartAsync(stateless: false);
        await using var project = new TestProject();
        project.AddHttpServer("legacy", server.SseUrl, forwardInboundAuth: true, transport: Pallas.Configuration.Settings.McpTransport.Sse);
        var runtime = await project.StartAsync(AgentWith(["legacy"]));

        var first = await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL legacy__echo {"text":"over sse"}""", InboundBearerToken = "token-dave" }, new RecordingObserver(), Ct);
        var second = await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL legacy__echo {"text":"again"}""" }, new RecordingObserver(), Ct);

        Assert.Equal(("over sse", "again"), (first.Text, second.Text));
        Assert.Equal(["Bearer token-dave", ""], server.ToolCallAuthorizations);
        var health = Assert.Single(await runtime.GetServerHealthAsync(Ct));
        Assert.Equal(("sse", true), (health.Transport, health.Ok));
    }

    [Fact]
    public async Task SendAsync_ServerKilledMidCall_ReturnsAToolErrorAndTheNextCallWorks()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("flaky", server.Url, readTimeout: TimeSpan.FromSeconds(20));
        var runtime = await project.StartAsync(AgentWith(["flaky"]));

        var call = runtime.SendAsync(new SendMessageRequest { Message = "***CALL_TOOL flaky__block" }, new RecordingObserver(), Ct);
        await server.BlockEntered.Task.WaitAsync(Ct);
        await server.KillAsync();
        var failed = await call;

        Assert.Equal(SendMessageOutcome.Ok, failed.Outcome);
        Assert.StartsWith("Error: MCP server 'flaky'", failed.Text, StringComparison.Ordinal);
        Assert.Equal(1, await MetricsText.ValueAsync(project.Metrics, """pallas_tool_calls_total{agent="jarvis",server="flaky",outcome="error"}"""));

        await server.RestartAsync();
        var next = await runtime.SendAsync(new SendMessageRequest { Message = """***CALL_TOOL flaky__echo {"text":"back"}""" }, new RecordingObserver(), Ct);

        Assert.Equal(new SendMessageResult("back", SendMessageOutcome.Ok), next);
    }

    [Fact]
    public async Task SendAsync_CancelledDuringAToolCall_CancelsTheDownstreamCall()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("slow", server.Url, readTimeout: TimeSpan.FromSeconds(60));
        var runtime = await project.StartAsync(AgentWith(["slow"]));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = runtime.SendAsync(new SendMessageRequest { Message = "***CALL_TOOL slow__block" }, new RecordingObserver(), cancel.Token);
        await server.BlockEntered.Task.WaitAsync(Ct);
        await cancel.CancelAsync();
        var result = await call;
        await server.BlockCancelled.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(SendMessageOutcome.Cancelled, result.Outcome);
    }

    [Fact]
    public async Task SendAsync_SameToolRoundRepeated_IsStoppedByTheLoopGuard()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("kairos", server.Url);
        var model = new RepeatingToolChatClient("kairos__constant", new Dictionary<string, object?>());
        var runtime = await project.StartAsync(AgentWith(["kairos"], deployment: d => d with { LoopRepeatThreshold = 3 }), model);

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "update the task" }, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.LoopAborted, result.Outcome);
        Assert.False(result.IsError);
        Assert.Contains("kairos__constant", result.Text, StringComparison.Ordinal);
        Assert.Contains("3 times in a row", result.Text, StringComparison.Ordinal);
        Assert.Equal(3, model.Calls);
        Assert.Equal(1, await MetricsText.ValueAsync(project.Metrics, """pallas_agent_loop_aborted_total{agent="jarvis",reason="repeated_tool_call"}"""));
        var halt = Assert.Single(project.Logs.Records, r => r.Message == "agentic loop halted");
        Assert.Equal("loop_halt", halt.Fields["event"]);
        Assert.Equal("kairos__constant", halt.Fields["tool"]);
        Assert.Equal(3, halt.Fields["repeat_count"]);
        Assert.Equal("always the same", halt.Fields["result_preview"]);
    }

    [Fact]
    public async Task SendAsync_LoopGuardDisabled_RunsUntilMaxIterations()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("kairos", server.Url);
        var model = new RepeatingToolChatClient("kairos__constant", new Dictionary<string, object?>(), text: "still working");
        var runtime = await project.StartAsync(AgentWith(["kairos"], deployment: d => d with { LoopRepeatThreshold = 0, MaxIterations = 4 }), model);

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "go" }, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.MaxIterations, result.Outcome);
        // The last iteration's text only, not every iteration's.
        Assert.Equal("still working\n\n[Stopped after 4 LLM calls (max_iterations) before the model finished.]", result.Text);
        Assert.Equal(4, model.Calls);
    }

    [Fact]
    public async Task SendAsync_CardMaxIterationsLower_Wins()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("kairos", server.Url);
        var model = new RepeatingToolChatClient("kairos__echo", new Dictionary<string, object?> { ["text"] = "x" });
        var runtime = await project.StartAsync(AgentWith(["kairos"], deployment: d => d with { LoopRepeatThreshold = 0, MaxIterations = 10 }, cardMaxIterations: 2), model);

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "go" }, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.MaxIterations, result.Outcome);
        Assert.Equal(2, model.Calls);
    }

    [Fact]
    public async Task SendAsync_ServerInstructionsPlaceholder_ListsEachServersInstructions()
    {
        await using var server = await DownstreamTestServer.StartAsync(instructions: "Call echo for anything.");
        await using var project = new TestProject();
        project.AddHttpServer("everything", server.Url);
        var model = new RecordingChatClient();
        var agent = TestProject.Agent(card: AgentWith(["everything"]).Card with { Instruction = "Servers:\n{{serverInstructions}}" });
        var runtime = await project.StartAsync(agent, model);

        await runtime.SendAsync(new SendMessageRequest { Message = "hi" }, new RecordingObserver(), Ct);

        Assert.Equal(
            "Servers:\n<mcp-server name=\"everything\">\n<instructions>\nCall echo for anything.\n</instructions>\n</mcp-server>",
            model.Calls.Single().Messages[0].Text);
    }

    [Fact]
    public async Task GetServerHealthAsync_ReportsEachServer()
    {
        await using var server = await DownstreamTestServer.StartAsync(instructions: "Use echo.");
        await using var project = new TestProject();
        project.AddHttpServer("everything", server.Url);
        project.AddHttpServer("down", new Uri("http://127.0.0.1:1/mcp"));
        var runtime = await project.StartAsync(AgentWith(["everything", "down", "ghost"], new Dictionary<string, IReadOnlyList<string>> { ["everything"] = ["echo"] }));

        var health = (await runtime.GetServerHealthAsync(Ct)).ToDictionary(h => h.Name);

        Assert.True(health["everything"].Ok, health["everything"].Error);
        Assert.Equal(("http", 1, null), (health["everything"].Transport, health["everything"].Tools, health["everything"].Error));
        Assert.NotNull(health["everything"].LatencyMs);
        Assert.False(health["down"].Ok);
        Assert.False(string.IsNullOrWhiteSpace(health["down"].Error));
        Assert.Null(health["down"].LatencyMs);
        Assert.False(health["ghost"].Ok);
        Assert.Contains("mcp.servers", health["ghost"].Error, StringComparison.Ordinal);
    }
}
