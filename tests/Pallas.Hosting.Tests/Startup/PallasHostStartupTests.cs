using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Messaging;
using Pallas.Configuration.Models;
using Pallas.Hosting.Tests.Fakes;
using Pallas.Providers.Preflight;

namespace Pallas.Hosting.Tests.Startup;

public sealed class PallasHostStartupTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_AgentPortInUse_ExitsWithPortUnavailableNamingAgentAndPort()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var logs = new ListLoggerProvider();
        ConcurrentDictionary<string, FakeAgentRuntime> runtimes = new();
        var options = RunningHost.TestOptions(runtimes, logs: logs);

        var exitCode = await PallasHost.RunAsync(TestProjects.Project(TestProjects.Agent("jarvis", port: port)), options, Token).WaitAsync(RunningHost.Bound, Token);

        Assert.Equal(PallasExitCodes.PortUnavailable, exitCode);
        var error = Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Critical).Message;
        Assert.Contains("agent 'jarvis'", error, StringComparison.Ordinal);
        Assert.Contains($"port {port}", error, StringComparison.Ordinal);
        Assert.Contains("agents.jarvis.port", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.True(runtimes["jarvis"].Disposed);
    }

    [Fact]
    public async Task RunAsync_RegistryPortInUse_ExitsWithPortUnavailableNamingRegistry()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var logs = new ListLoggerProvider();
        var options = RunningHost.TestOptions(new(), logs: logs);

        var exitCode = await PallasHost.RunAsync(TestProjects.Project("demo", port, TestProjects.Agent("jarvis")), options, Token).WaitAsync(RunningHost.Bound, Token);

        Assert.Equal(PallasExitCodes.PortUnavailable, exitCode);
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Critical && entry.Message.Contains($"registry cannot start: port {port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_UnknownAgentName_ExitsWithStartupFailedListingAgents()
    {
        var logs = new ListLoggerProvider();
        var options = RunningHost.TestOptions(new(), logs: logs) with { AgentName = "nobody" };

        var exitCode = await PallasHost.RunAsync(TestProjects.Project(TestProjects.Agent("jarvis")), options, Token).WaitAsync(RunningHost.Bound, Token);

        Assert.Equal(PallasExitCodes.StartupFailed, exitCode);
        Assert.Contains(logs.Entries, entry => entry.Message.Contains("--agent nobody", StringComparison.Ordinal) && entry.Message.Contains("jarvis", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RuntimeStartThrows_ExitsWithStartupFailedAndOneRedactedLine()
    {
        var logs = new ListLoggerProvider();
        ConcurrentDictionary<string, FakeAgentRuntime> runtimes = new();
        var options = RunningHost.TestOptions(runtimes, logs: logs) with
        {
            RuntimeFactory = definition => new FakeAgentRuntime(definition) { StartFailure = new InvalidOperationException("token=abc123secret rejected\nsecond line") },
        };

        var exitCode = await PallasHost.RunAsync(TestProjects.Project(TestProjects.Agent("jarvis")), options, Token).WaitAsync(RunningHost.Bound, Token);

        Assert.Equal(PallasExitCodes.StartupFailed, exitCode);
        var error = Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Critical).Message;
        Assert.DoesNotContain("abc123secret", error, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task RunAsync_AgentMode_ServesOnlyThatAgentWithoutRegistry()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis"), TestProjects.Agent("friday")),
            options => options with { AgentName = "friday" });
        using var http = new HttpClient();

        Assert.Null(host.Endpoints.Registry);
        Assert.Equal(["friday"], host.Endpoints.Agents.Keys);
        Assert.Equal(["friday"], host.Runtimes.Keys);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(host.AgentPath("friday", "/healthz"), Token)).StatusCode);
        // With no registry, the agent port serves the metrics.
        Assert.Contains("pallas_send_message_total", await http.GetStringAsync(host.AgentPath("friday", "/metrics"), Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DependsOn_StartsDependencyBeforeDependant()
    {
        ConcurrentQueue<string> events = new();
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("search"), TestProjects.Agent("research", dependsOn: ["search"]), TestProjects.Agent("jarvis", dependsOn: ["research", "search"])),
            events: events);

        Assert.Equal(["start:search", "start:research", "start:jarvis"], events);
        Assert.All(host.Runtimes.Values, runtime => Assert.True(runtime.Started));
    }

    [Fact]
    public async Task RunAsync_AgentModeDependencyStartsLater_ListensAtOnceDegradedThenBecomesHealthy()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var searchPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var project = TestProjects.Project(TestProjects.Agent("search", port: searchPort), TestProjects.Agent("jarvis", dependsOn: ["search"]));
        project = project with { Deployment = project.Deployment with { Host = "127.0.0.1" } };
        var logs = new ListLoggerProvider();

        // jarvis starts first, alone (as with pallas --agent jarvis), and gives up waiting after 1 s.
        await using var jarvis = await RunningHost.StartAsync(project, options => options with
        {
            AgentName = "jarvis",
            DependencyTimeout = TimeSpan.FromSeconds(1),
            ConfigureLogging = (logging, _, _) => logging.ClearProviders().AddProvider(logs),
        });
        Assert.Contains(logs.Entries, entry => entry.Message.Contains($"waiting for search at http://127.0.0.1:{searchPort}/mcp (up to 1 s)", StringComparison.Ordinal));
        Assert.Contains(await WaitForReasonAsync(jarvis, "dependency 'search' is not ready"), reason => reason.Contains("did not answer MCP initialize within 1 s", StringComparison.Ordinal));

        // search comes up later, in its own process: the background probe finds it and jarvis becomes healthy.
        await using var search = await RunningHost.StartAsync(project, options => options with { AgentName = "search" });
        await WaitUntilHealthzAsync(jarvis, HttpStatusCode.OK);

        Assert.Contains(logs.Entries, entry => entry.Message.Contains("dependency search at", StringComparison.Ordinal) && entry.Message.EndsWith("answered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PreflightOncePerProvider_AndHangingProbeCountsAsFailed()
    {
        ConcurrentQueue<ModelSpec> probed = new();
        var never = new TaskCompletionSource<PreflightResult?>();
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis", "anthropic.claude-opus-4-7"), TestProjects.Agent("friday", "anthropic.claude-haiku-4-5")),
            options => options with
            {
                PreflightTimeout = TimeSpan.FromMilliseconds(200),
                Preflight = (model, token) =>
                {
                    probed.Enqueue(model);
                    return never.Task.WaitAsync(token);
                },
            });
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("friday"));

        var health = await client.CallToolAsync("get_health", cancellationToken: Token);

        Assert.Equal(["anthropic.claude-opus-4-7"], probed.Where(model => !model.Provider.IsOffline()).Select(model => model.ToString()));
        var llm = JsonNode.Parse(health.StructuredContent!.Value.GetRawText())!["llm"]!;
        Assert.Equal("error", (string?)llm["status"]);
        Assert.Contains("did not answer", (string?)llm["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_CallInFlight_DrainsItThenExitsZero()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            setup: runtime => runtime.OnSend = async (request, _, token) =>
            {
                entered.TrySetResult();
                return new SendMessageResult(await release.Task.WaitAsync(token), SendMessageOutcome.Ok);
            });
        await using (host)
        {
            await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
            var call = client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "slow" }, cancellationToken: Token).AsTask();
            await entered.Task.WaitAsync(RunningHost.Bound, Token);

            var stopping = host.StopAsync();
            await WaitUntilHealthzAsync(host, HttpStatusCode.ServiceUnavailable);
            Assert.False(stopping.IsCompleted);
            release.SetResult("finished while draining");

            var result = await call.WaitAsync(RunningHost.Bound, Token);
            Assert.Equal("finished while draining", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
            Assert.Equal(PallasExitCodes.Ok, await stopping);
            Assert.True(host.Runtimes["jarvis"].Disposed);
        }
    }

    [Fact]
    public async Task StopAsync_DrainTimeoutExpires_CancelsCallAndExitsZero()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis")),
            options => options with { DrainTimeout = TimeSpan.FromMilliseconds(100) },
            setup: runtime => runtime.OnSend = async (_, _, token) =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
                return new SendMessageResult("never", SendMessageOutcome.Ok);
            });
        await using (host)
        {
            await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
            var call = client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "stuck" }, cancellationToken: Token).AsTask();
            await entered.Task.WaitAsync(RunningHost.Bound, Token);

            Assert.Equal(PallasExitCodes.Ok, await host.StopAsync());

            var result = await call.WaitAsync(RunningHost.Bound, Token);
            Assert.True(result.IsError);
            Assert.Contains("shutting down", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
        }
    }

    private static async Task WaitUntilHealthzAsync(RunningHost host, HttpStatusCode expected)
    {
        using var http = new HttpClient();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(RunningHost.Bound);
        while (true)
        {
            using var response = await http.GetAsync(host.AgentPath("jarvis", "/healthz"), bound.Token);
            if (response.StatusCode == expected)
            {
                return;
            }

            await Task.Delay(20, bound.Token);
        }
    }

    /// <summary>Polls jarvis's <c>/healthz</c> until one of its reasons contains <paramref name="text"/>; returns the reasons.</summary>
    private static async Task<IReadOnlyList<string>> WaitForReasonAsync(RunningHost host, string text)
    {
        using var http = new HttpClient();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(RunningHost.Bound);
        while (true)
        {
            using var response = await http.GetAsync(host.AgentPath("jarvis", "/healthz"), bound.Token);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(bound.Token))!;
            List<string> reasons = [.. body["reasons"]!.AsArray().Select(reason => (string)reason!)];
            if (reasons.Any(reason => reason.Contains(text, StringComparison.Ordinal)))
            {
                return reasons;
            }

            await Task.Delay(20, bound.Token);
        }
    }
}
