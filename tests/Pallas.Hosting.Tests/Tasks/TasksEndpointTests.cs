using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using Pallas.Agents.Messaging;
using Pallas.Emulators;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Tasks;

/// <summary>
/// The Tasks extension on an agent's <c>/mcp</c>, on the raw 2026-07-28 wire: a <c>send_message</c> whose client
/// declares the extension becomes a task that <c>tasks/get</c> follows to its end and <c>tasks/cancel</c> stops.
/// </summary>
public sealed class TasksEndpointTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A turn that reports progress, then waits for <paramref name="release"/> (or its cancellation) before answering.</summary>
    private static Task<RunningHost> StartHostAsync(TaskCompletionSource release, TaskCompletionSource<bool>? cancelled = null, SendMessageOutcome outcome = SendMessageOutcome.Ok) =>
        RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (request, observer, token) =>
            {
                await observer.OnProgressAsync("LLM iteration 1", token);
                try
                {
                    await release.Task.WaitAsync(token);
                }
                catch (OperationCanceledException)
                {
                    cancelled?.TrySetResult(true);
                    throw;
                }

                return new SendMessageResult($"reply to {request.Message}", outcome);
            });

    [Fact]
    public async Task ToolsCall_ClientDeclaresTasks_IsACreateTaskResultThatTasksGetFollowsToCompleted()
    {
        var release = new TaskCompletionSource();
        await using var host = await StartHostAsync(release);
        var endpoint = host.Mcp("jarvis");

        var created = (await McpWire.SendMessageAsync(endpoint, "hello", withTasks: true, Token))["result"]!.AsObject();
        var taskId = (string)created["taskId"]!;
        var working = (await McpWire.TaskAsync(endpoint, "tasks/get", taskId, withTasks: true, Token))["result"]!;
        release.SetResult();
        var done = await McpWire.PollUntilDoneAsync(endpoint, taskId, Token);

        Assert.Equal("task", (string?)created["resultType"]);
        Assert.Equal("working", (string?)created["status"]);
        Assert.Equal(3_600_000, (long)created["ttlMs"]!);
        Assert.Equal(1_000, (long)created["pollIntervalMs"]!);
        Assert.True(Convert.FromBase64String(taskId.Replace('-', '+').Replace('_', '/') + "==").Length >= 16, taskId);
        Assert.Equal("complete", (string?)working["resultType"]);
        Assert.Equal("LLM iteration 1", (string?)working["statusMessage"]);
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal("reply to hello", (string?)done["result"]!["content"]![0]!["text"]);
        Assert.Null(done["result"]!["isError"]);
        Assert.True(DateTimeOffset.Parse((string)done["lastUpdatedAt"]!) >= DateTimeOffset.Parse((string)done["createdAt"]!));
    }

    [Fact]
    public async Task ToolsCall_TurnEndsInAToolError_IsCompletedWithIsError()
    {
        var release = new TaskCompletionSource();
        release.SetResult();
        await using var host = await StartHostAsync(release, outcome: SendMessageOutcome.Error);
        var endpoint = host.Mcp("jarvis");

        var taskId = (string)(await McpWire.SendMessageAsync(endpoint, "fail", withTasks: true, Token))["result"]!["taskId"]!;
        var done = await McpWire.PollUntilDoneAsync(endpoint, taskId, Token);

        Assert.Equal("completed", (string?)done["status"]);
        Assert.True((bool)done["result"]!["isError"]!);
    }

    [Fact]
    public async Task ToolsCall_ClientWithoutTheExtension_IsAnsweredSynchronously()
    {
        var release = new TaskCompletionSource();
        release.SetResult();
        await using var host = await StartHostAsync(release);

        var result = (await McpWire.SendMessageAsync(host.Mcp("jarvis"), "now", withTasks: false, Token))["result"]!;

        Assert.Null(result["taskId"]);
        Assert.Equal("reply to now", (string?)result["content"]![0]!["text"]);
    }

    [Fact]
    public async Task ToolsCall_InvalidArguments_IsAnImmediateToolErrorNotATask()
    {
        await using var host = await StartHostAsync(new TaskCompletionSource());

        var response = await McpWire.RequestAsync(host.Mcp("jarvis"), "tools/call", new JsonObject { ["name"] = "send_message", ["arguments"] = new JsonObject() }, withTasks: true, "send_message", Token);

        Assert.True((bool)response["result"]!["isError"]!);
        Assert.Empty(host.Runtimes["jarvis"].Requests);
    }

    [Fact]
    public async Task TasksCancel_WhileWorking_StopsTheTurnAndTheTaskStaysCancelled()
    {
        var release = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartHostAsync(release, cancelled);
        var endpoint = host.Mcp("jarvis");
        var taskId = (string)(await McpWire.SendMessageAsync(endpoint, "long", withTasks: true, Token))["result"]!["taskId"]!;

        var ack = (await McpWire.TaskAsync(endpoint, "tasks/cancel", taskId, withTasks: true, Token))["result"]!;
        var turnCancelled = await cancelled.Task.WaitAsync(RunningHost.Bound, Token);
        var again = (await McpWire.TaskAsync(endpoint, "tasks/cancel", taskId, withTasks: true, Token))["result"]!;
        var final = (await McpWire.TaskAsync(endpoint, "tasks/get", taskId, withTasks: true, Token))["result"]!;

        Assert.Equal("complete", (string?)ack["resultType"]);
        Assert.True(turnCancelled);
        Assert.Equal("complete", (string?)again["resultType"]);
        Assert.Equal("cancelled", (string?)final["status"]);
        Assert.Null(final["result"]);
    }

    [Fact]
    public async Task TasksGet_UnknownId_IsInvalidParamsThatSaysSo()
    {
        await using var host = await StartHostAsync(new TaskCompletionSource());

        var error = (await McpWire.TaskAsync(host.Mcp("jarvis"), "tasks/get", "no-such-task", withTasks: true, Token))["error"]!;

        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Contains("Unknown task 'no-such-task'", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksGet_ClientWithoutTheExtension_IsMissingCapability()
    {
        await using var host = await StartHostAsync(new TaskCompletionSource());

        var error = (await McpWire.TaskAsync(host.Mcp("jarvis"), "tasks/get", "any", withTasks: false, Token))["error"]!;

        Assert.Equal(-32021, (int)error["code"]!);
        Assert.Contains("io.modelcontextprotocol/tasks", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksGet_InitializeEraClient_IsMethodNotFound()
    {
        await using var host = await StartHostAsync(new TaskCompletionSource());
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"), options: new McpClientOptions { ProtocolVersion = "2025-11-25" });

        var error = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() =>
            client.SendRequestAsync(new ModelContextProtocol.Protocol.JsonRpcRequest { Method = "tasks/get", Params = new JsonObject { ["taskId"] = "x" } }, Token));

        Assert.Equal(ModelContextProtocol.McpErrorCode.MethodNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task Capabilities_BothEras_AdvertiseTheExtension()
    {
        await using var host = await StartHostAsync(new TaskCompletionSource());
        await using var modern = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
        await using var legacy = await McpTestClient.ConnectAsync(host.Mcp("jarvis"), options: new McpClientOptions { ProtocolVersion = "2025-11-25" });

        Assert.True(modern.ServerCapabilities.Extensions?.ContainsKey(McpWire.TasksExtension));
        Assert.True(legacy.ServerCapabilities.Extensions?.ContainsKey(McpWire.TasksExtension));
    }

    [Fact]
    public async Task ToolsList_Revision2026_IsTheSameOrderEveryTimeWithPublicCachingHints()
    {
        await using var host = await StartHostAsync(new TaskCompletionSource());

        var first = (await McpWire.RequestAsync(host.Mcp("jarvis"), "tools/list", [], withTasks: false, cancellationToken: Token))["result"]!;
        var second = (await McpWire.RequestAsync(host.Mcp("jarvis"), "tools/list", [], withTasks: false, cancellationToken: Token))["result"]!;

        Assert.Equal(["send_message", "get_health"], first["tools"]!.AsArray().Select(tool => (string?)tool!["name"]));
        Assert.Equal(60_000, (long)first["ttlMs"]!);
        Assert.Equal("public", (string?)first["cacheScope"]);
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
    }
}
