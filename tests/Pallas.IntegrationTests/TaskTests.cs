using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Pallas.Emulators;
using Pallas.Emulators.Bedrock;
using Pallas.IntegrationTests.Infrastructure;
using Pallas.Tests.Shared;

namespace Pallas.IntegrationTests;

/// <summary>
/// Long calls through the real <c>pallas</c> on the Bedrock emulator: a cancelled call or task aborts the provider
/// request, and two processes on one real Redis answer for each other's tasks.
/// </summary>
public sealed class TaskTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["AWS_BEARER_TOKEN_BEDROCK"] = new BedrockEmulatorOptions().BearerToken,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    [Fact]
    public async Task SynchronousCall_CallerCancels_AbortsTheProviderRequest()
    {
        await using var bedrock = await HoldingBedrockAsync();
        using var project = Project(bedrock, tasks: "", out var port);
        await using var pallas = await StartAsync(project, port);
        await using var client = await AgentCalls.ConnectAsync(port, Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var call = client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "think forever" }, cancellationToken: cancel.Token).AsTask();
        await bedrock.Held.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        var stopwatch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await bedrock.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        TestContext.Current.TestOutputHelper?.WriteLine($"cancel to provider abort: {stopwatch.Elapsed.TotalMilliseconds:0} ms");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await WaitForMetricAsync(project, "pallas_send_message_total{agent=\"assistant\",outcome=\"cancelled\"} 1");
    }

    [Fact]
    public async Task ExtTasksClient_CancelsMidTurn_AbortsTheProviderRequest()
    {
        await using var bedrock = await HoldingBedrockAsync();
        using var project = Project(bedrock, tasks: "", out var port);
        await using var pallas = await StartAsync(project, port);

        // The turn's provider request is held from the moment the task starts; 3 s is ample for it to be in flight.
        var (exitCode, stdout, stderr) = await NodeTool.RunAsync(
            Repository.Node22, [Path.Combine(Repository.NodeTools, "tasks-client.mjs"), AgentCalls.McpUrl(port).ToString(), "cancel", "think forever", "3000"], TimeSpan.FromSeconds(60), Token);
        await bedrock.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.True(exitCode == 0, $"tasks-client.mjs exited {exitCode}: {stderr}");
        var output = JsonNode.Parse(stdout)!;
        Assert.Equal("cancelled", (string?)output["final"]!["status"]);
        Assert.True(bedrock.Held.Task.IsCompleted);
    }

    [Fact]
    public async Task TwoProcessesOnOneRedis_ATaskStartedOnOneIsReadAndCancelledThroughTheOther()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var bedrock = await HoldingBedrockAsync();
        var tasks = $"tasks:\n  store: redis\n  redis_url: \"{redis.Url()}\"\n";
        using var first = Project(bedrock, tasks, out var firstPort);
        using var second = Project(bedrock, tasks, out var secondPort);
        await using var firstPallas = await StartAsync(first, firstPort);
        await using var secondPallas = await StartAsync(second, secondPort);

        var created = (await McpWire.SendMessageAsync(AgentCalls.McpUrl(firstPort), "think forever", withTasks: true, Token))["result"]!;
        var taskId = (string)created["taskId"]!;
        await bedrock.Held.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        var seen = (await McpWire.TaskAsync(AgentCalls.McpUrl(secondPort), "tasks/get", taskId, withTasks: true, Token))["result"]!;
        var stopwatch = Stopwatch.StartNew();
        var ack = (await McpWire.TaskAsync(AgentCalls.McpUrl(secondPort), "tasks/cancel", taskId, withTasks: true, Token))["result"]!;
        await bedrock.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        TestContext.Current.TestOutputHelper?.WriteLine($"tasks/cancel on the other replica to provider abort: {stopwatch.Elapsed.TotalMilliseconds:0} ms");
        var final = await McpWire.PollUntilDoneAsync(AgentCalls.McpUrl(firstPort), taskId, Token);

        Assert.Equal("working", (string?)seen["status"]);
        Assert.Equal("complete", (string?)ack["resultType"]);
        Assert.Equal("cancelled", (string?)final["status"]);
        var health = await AgentCalls.HealthAsync(secondPort, Token);
        Assert.Equal(("redis", "ok"), (health.GetProperty("tasks").GetProperty("store").GetString(), health.GetProperty("tasks").GetProperty("status").GetString()));
    }

    private static async Task<BedrockEmulator> HoldingBedrockAsync()
    {
        var bedrock = new BedrockEmulator();
        await bedrock.StartAsync(Token);
        bedrock.Enqueue(BedrockReply.Hold());
        return bedrock;
    }

    private static TestProject Project(BedrockEmulator bedrock, string tasks, out int port)
    {
        port = TestProject.FreePort();
        var project = new TestProject();
        return project
            .With("agents.yaml", $"""
                name: long
                version: "1.0.0"
                host: localhost
                registry_port: {project.RegistryPort}
                {tasks}agents:
                  assistant:
                    module: agents.assistant
                    port: {port}
                """)
            .With("fastagent.config.yaml", $"""
                default_model: bedrock.us.anthropic.claude-sonnet-4-6
                bedrock:
                  base_url: "{bedrock.BaseUrl}"
                  region: us-east-1
                """)
            .With("agents/assistant.md", "You are an assistant.\n");
    }

    private static async Task<PallasProcess> StartAsync(TestProject project, int port)
    {
        var pallas = project.Start(Environment);
        await Http.WaitForStatusAsync(new Uri($"http://127.0.0.1:{port}/healthz"), HttpStatusCode.OK, Token, TimeSpan.FromSeconds(60));
        return pallas;
    }

    private static async Task WaitForMetricAsync(TestProject project, string line)
    {
        using var http = new HttpClient();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        while (!(await http.GetStringAsync(new Uri(project.RegistryUrl, "metrics"), bound.Token)).Contains(line, StringComparison.Ordinal))
        {
            await Task.Delay(50, bound.Token);
        }
    }
}
