using System.Text.Json.Nodes;
using Pallas.Agents.Messaging;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Interop;

/// <summary>
/// The official Tasks client (npm <c>@modelcontextprotocol/ext-tasks</c> on <c>@modelcontextprotocol/client</c> 2.x,
/// tests/js/tasks-client.mjs) against an agent: a task polled to <c>completed</c>, and one cancelled mid-turn.
/// </summary>
public sealed class TasksClientTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExtTasksClient_CreatesATaskAndPollsItToCompleted()
    {
        NodeTools.SkipUnlessInstalled();
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (request, observer, token) =>
            {
                await observer.OnProgressAsync("LLM iteration 1", token);
                // Long enough that the client sees it working at least once.
                await Task.Delay(TimeSpan.FromMilliseconds(300), token);
                return new SendMessageResult($"tasks got: {request.Message}", SendMessageOutcome.Ok);
            });

        var output = await RunAsync(host, "complete", "hello from ext-tasks");

        Assert.Equal("task", (string?)output["created"]!["resultType"]);
        Assert.Equal("working", (string?)output["statuses"]![0]);
        Assert.Equal("completed", (string?)output["final"]!["status"]);
        Assert.Equal("tasks got: hello from ext-tasks", (string?)output["final"]!["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task ExtTasksClient_CancelsATaskMidTurn_TheTurnIsCancelled()
    {
        NodeTools.SkipUnlessInstalled();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (_, _, token) =>
            {
                started.TrySetResult();
                using var registration = token.Register(() => cancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, token);
                return new SendMessageResult("never", SendMessageOutcome.Ok);
            });

        var output = await RunAsync(host, "cancel", "stop me", "500");
        await cancelled.Task.WaitAsync(RunningHost.Bound, Token);

        Assert.True(started.Task.IsCompleted);
        Assert.Equal("complete", (string?)output["cancelAck"]!["resultType"]);
        Assert.Equal("cancelled", (string?)output["final"]!["status"]);
        Assert.Null(output["final"]!["result"]);
    }

    private static async Task<JsonNode> RunAsync(RunningHost host, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await NodeTools.RunAsync(
            NodeTools.Node22, [Path.Combine(NodeTools.JsDirectory, "tasks-client.mjs"), host.Mcp("jarvis").ToString(), .. arguments]);
        Assert.True(exitCode == 0, $"tasks-client.mjs exited {exitCode}: {stderr}");
        return JsonNode.Parse(stdout)!;
    }
}
