using System.Text.Json.Nodes;
using Pallas.Agents.Messaging;
using Pallas.Emulators;
using Pallas.Hosting.Tests.Fakes;
using Pallas.Hosting.Tests.Http;

namespace Pallas.Hosting.Tests.Agents;

/// <summary>
/// A synchronous <c>send_message</c> stops when its caller gives up: a <c>notifications/cancelled</c> in a POST of its
/// own (the endpoint is stateless), or a closed response stream; the outcome is counted as <c>cancelled</c>.
/// </summary>
public sealed class CancellationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A turn that waits until it is cancelled, reporting when it starts and when its token fires.</summary>
    private static Task<RunningHost> StartWaitingHostAsync(TaskCompletionSource started, TaskCompletionSource cancelled) =>
        RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (_, _, token) =>
            {
                using var registration = token.Register(() => cancelled.TrySetResult());
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
                return new SendMessageResult("never", SendMessageOutcome.Ok);
            });

    [Fact]
    public async Task NotificationsCancelled_InItsOwnPost_StopsTheTurnOfThatRequestId()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartWaitingHostAsync(started, cancelled);
        using var http = new HttpClient();
        var endpoint = host.Mcp("jarvis");

        using var call = Legacy(endpoint, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 42, ["method"] = "tools/call", ["params"] = McpWire.SendMessageParams("wait") });
        using var response = await http.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, Token);
        await started.Task.WaitAsync(RunningHost.Bound, Token);
        using var other = Legacy(endpoint, Cancelled(41));
        using (await http.SendAsync(other, Token))
        {
        }

        Assert.False(cancelled.Task.IsCompleted, "a cancel of another request id must not stop this turn");
        using var cancel = Legacy(endpoint, Cancelled(42));
        using var accepted = await http.SendAsync(cancel, Token);
        await cancelled.Task.WaitAsync(RunningHost.Bound, Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.True(accepted.IsSuccessStatusCode);
        Assert.Contains("cancelled", body, StringComparison.Ordinal);
        await AssertCountedCancelledAsync(host);
    }

    [Fact]
    public async Task ClosedResponseStream_Revision2026_StopsTheTurn()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartWaitingHostAsync(started, cancelled);

        using var http = new HttpClient();
        using var call = McpWire.Post(host.Mcp("jarvis"), "tools/call", McpWire.SendMessageParams("wait"), withTasks: false, "send_message", out _);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(Token);

        // Aborting the request closes the connection, before or after the response headers: the server sees the stream end.
        var sending = http.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, abort.Token);
        await started.Task.WaitAsync(RunningHost.Bound, Token);
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        await cancelled.Task.WaitAsync(RunningHost.Bound, Token);
        await AssertCountedCancelledAsync(host);
    }

    private static HttpRequestMessage Legacy(Uri endpoint, JsonObject message)
    {
        var request = TransportHygieneTests.McpPost(endpoint, message.ToJsonString());
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        return request;
    }

    private static JsonObject Cancelled(int requestId) => new()
    {
        ["jsonrpc"] = "2.0",
        ["method"] = "notifications/cancelled",
        ["params"] = new JsonObject { ["requestId"] = requestId, ["reason"] = "the user pressed stop" },
    };

    private static async Task AssertCountedCancelledAsync(RunningHost host)
    {
        using var http = new HttpClient();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(RunningHost.Bound);
        // The count follows the turn's end, which follows the cancellation a moment later.
        while (!(await http.GetStringAsync(host.Registry("/metrics"), bound.Token)).Contains("pallas_send_message_total{agent=\"jarvis\",outcome=\"cancelled\"} 1", StringComparison.Ordinal))
        {
            await Task.Delay(20, bound.Token);
        }
    }
}
