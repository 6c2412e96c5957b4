using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Pallas.Agents.Messaging;
using Pallas.Hosting.Client;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Client;

public sealed class AgentClientTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_RunningAgent_ReturnsReplyAndReportsProgressAndAssistantText()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (request, observer, token) =>
            {
                for (var step = 1; step <= 5; step++)
                {
                    await observer.OnProgressAsync($"step {step}", token);
                }

                await observer.OnAssistantChunkAsync(new AssistantChunk(1, [new JsonObject { ["type"] = "text", ["text"] = "Thinking it over." }], "toolUse"), token);
                await observer.OnAssistantChunkAsync(new AssistantChunk(2, [new JsonObject { ["type"] = "text", ["text"] = "Done thinking." }], "endTurn"), token);
                return new SendMessageResult($"reply to {request.Message}", SendMessageOutcome.Ok);
            });
        var lines = new Collector<string>(6);

        var reply = await AgentClient.SendAsync(host.Mcp("jarvis"), "hello", token: null, new SynchronousProgress(lines.Add), Token);

        Assert.Equal(new AgentReply("reply to hello", false), reply);
        var received = await lines.WaitAsync();
        // Progress lines keep the agent's order, and so do assistant texts, however the client dispatched them; the
        // endTurn text is the reply, returned once, not also a progress line.
        Assert.Equal(["step 1", "step 2", "step 3", "step 4", "step 5"], received.Where(line => line.StartsWith("step", StringComparison.Ordinal)));
        Assert.Equal(["Thinking it over."], received.Where(line => !line.StartsWith("step", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SendAsync_AgentReportsError_ReturnsErrorText()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = (_, _, _) => Task.FromResult(new SendMessageResult("Turn timed out after 300 s.", SendMessageOutcome.Timeout)));

        var reply = await AgentClient.SendAsync(host.Mcp("jarvis"), "hello", token: null, null, Token);

        Assert.Equal(new AgentReply("Turn timed out after 300 s.", true), reply);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ThrowsOneLineClientError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<AgentClientException>(() => AgentClient.SendAsync(new Uri($"http://127.0.0.1:{port}/mcp"), "hello", token: null, null, Token));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AssistantText_OtherLogger_IsIgnored()
    {
        var other = JsonNode.Parse("""{"level":"info","logger":"something.else","data":{"content":[{"type":"text","text":"x"}]}}""");
        var chunk = JsonNode.Parse("""{"level":"info","logger":"pallas.assistant","data":{"content":[{"type":"tool_use","id":"1"},{"type":"text","text":" a "},{"type":"text","text":"b"}]}}""");

        Assert.Null(AgentClient.AssistantText(other));
        Assert.Equal("a \nb", AgentClient.AssistantText(chunk));
    }

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
