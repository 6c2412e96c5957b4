using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Pallas.Agents.Messaging;
using Pallas.Configuration.Auth;
using Pallas.Configuration.Limits;
using Pallas.Configuration.Project;
using Pallas.Emulators;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Auth;

/// <summary>
/// <c>auth.mode: api_key</c> and <c>limits</c> on an agent port, on the raw wire: who gets in, what a refusal says,
/// what is counted, and that one caller's limit leaves the others alone. OAuth is tested against a real
/// authorization server in the integration tests.
/// </summary>
public sealed class InboundAuthTests
{
    private const string KeyA = "key-a-0123456789abcdef";
    private const string KeyB = "key-b-0123456789abcdef";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly AuthSettings ApiKeys = new() { Mode = AuthMode.ApiKey, ApiKeys = [KeyA, KeyB] };

    [Fact]
    public async Task ApiKey_NoOrWrongKey_Is401WithAChallengeAndAJsonError_AndIsCounted()
    {
        await using var host = await StartAsync(ApiKeys, LimitSettings.None);

        using var missing = await SendAsync(host, key: null);
        using var wrong = await SendAsync(host, key: "key-c-0123456789abcdef");

        foreach (var response in new[] { missing, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
            Assert.Contains("Authorization: Bearer", (string?)error["error"]!["message"], StringComparison.Ordinal);
        }

        Assert.Empty(host.Runtimes["jarvis"].Requests);
        Assert.Contains("pallas_rejected_requests_total{agent=\"jarvis\",reason=\"unauthenticated\"} 2", await MetricsAsync(host), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_EitherKey_CallsTheAgent_AndHealthzStaysOpen()
    {
        await using var host = await StartAsync(ApiKeys, LimitSettings.None);

        var replyA = await ReplyAsync(host, KeyA);
        var replyB = await ReplyAsync(host, KeyB);
        using var http = new HttpClient();
        using var health = await http.GetAsync(host.AgentPath("jarvis", "/healthz"), Token);

        Assert.Equal(("ok", "ok"), (replyA, replyB));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task ApiKey_IsNotHandedToTheRuntimeForDownstreamServers()
    {
        await using var host = await StartAsync(ApiKeys, LimitSettings.None);

        Assert.Equal("ok", await ReplyAsync(host, KeyA));

        Assert.Null(Assert.Single(host.Runtimes["jarvis"].Requests).InboundBearerToken);
    }

    [Fact]
    public async Task ApiKey_GetHealthTool_IsProtectedLikeSendMessage()
    {
        await using var host = await StartAsync(ApiKeys, LimitSettings.None);
        using var http = new HttpClient();

        using var request = McpWire.Post(host.Mcp("jarvis"), "tools/call", new JsonObject { ["name"] = "get_health", ["arguments"] = new JsonObject() }, withTasks: false, "get_health", out _);
        using var response = await http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RequestsPerMinute_OneCallerOverTheLimit_Gets429WithRetryAfter_OthersAreUnaffected()
    {
        await using var host = await StartAsync(ApiKeys, new LimitSettings { RequestsPerMinute = 2 });

        Assert.Equal("ok", await ReplyAsync(host, KeyA));
        Assert.Equal("ok", await ReplyAsync(host, KeyA));
        using var refused = await SendAsync(host, KeyA);
        var other = await ReplyAsync(host, KeyB);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains("requests_per_minute", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal("ok", other);
        Assert.Contains("pallas_rejected_requests_total{agent=\"jarvis\",reason=\"rate_limit\"} 1", await MetricsAsync(host), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentCalls_TheNextTurnIs429_ListsAndTheFreedSlotStillWork()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        await using var host = await StartAsync(AuthSettings.None, new LimitSettings { ConcurrentCalls = 1 }, async (request, token) =>
        {
            if (request.Message == "hold")
            {
                started.TrySetResult();
                await release.Task.WaitAsync(token);
            }
        });

        var held = SendAsync(host, key: null, message: "hold");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        using var refused = await SendAsync(host, key: null);
        var list = await McpWire.RequestAsync(host.Mcp("jarvis"), "tools/list", [], withTasks: false, cancellationToken: Token);
        release.SetResult();
        using var heldResponse = await held;
        var after = await ReplyAsync(host, key: null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("concurrent_calls", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.NotNull(list["result"]?["tools"]);
        Assert.Equal(HttpStatusCode.OK, heldResponse.StatusCode);
        Assert.Equal("ok", after);
        Assert.Contains("pallas_rejected_requests_total{agent=\"jarvis\",reason=\"concurrency\"} 1", await MetricsAsync(host), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentCalls_ARunningTaskKeepsItsPermit()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        await using var host = await StartAsync(AuthSettings.None, new LimitSettings { ConcurrentCalls = 1 }, async (_, token) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(token);
        });

        var created = await McpWire.SendMessageAsync(host.Mcp("jarvis"), "long", withTasks: true, Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        using var refused = await SendAsync(host, key: null);
        release.SetResult();
        var final = await McpWire.PollUntilDoneAsync(host.Mcp("jarvis"), (string)created["result"]!["taskId"]!, Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("completed", (string?)final["status"]);
        Assert.Equal("ok", await ReplyAsync(host, key: null));
    }

    [Fact]
    public async Task Tasks_AreVisibleToTheirOwnerOnly()
    {
        var release = new TaskCompletionSource();
        await using var host = await StartAsync(ApiKeys, LimitSettings.None, (_, token) => release.Task.WaitAsync(token));

        var created = await RequestAsync(host, "tools/call", McpWire.SendMessageParams("long"), "send_message", KeyA);
        var taskId = (string)created["result"]!["taskId"]!;
        var byOther = await RequestAsync(host, "tasks/get", new JsonObject { ["taskId"] = taskId }, taskId, KeyB);
        var byOwner = await RequestAsync(host, "tasks/get", new JsonObject { ["taskId"] = taskId }, taskId, KeyA);
        release.SetResult();

        Assert.Contains("not yours", (string?)byOther["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal("working", (string?)byOwner["result"]!["status"]);
    }

    [Fact]
    public async Task ProtectRegistry_ServerJsonAndMetricsNeedAKey_HealthzDoesNot()
    {
        await using var host = await StartAsync(ApiKeys, LimitSettings.None, protectRegistry: true);
        using var http = new HttpClient();

        using var serverJson = await http.GetAsync(host.Registry("/.well-known/mcp/server.json"), Token);
        using var metrics = await http.GetAsync(host.Registry("/metrics"), Token);
        using var health = await http.GetAsync(host.Registry("/healthz"), Token);
        using var withKey = new HttpRequestMessage(HttpMethod.Get, host.Registry("/.well-known/mcp/server.json"));
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyA);
        using var allowed = await http.SendAsync(withKey, Token);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (serverJson.StatusCode, metrics.StatusCode));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (health.StatusCode, allowed.StatusCode));
    }

    [Fact]
    public async Task DependencyProbe_AnAgentBehindAuth_IsUp()
    {
        await using var host = await StartAsync(ApiKeys, LimitSettings.None);

        var problem = await Pallas.Hosting.Startup.DependencyProbe.WaitForInitializeAsync(host.Mcp("jarvis"), TimeSpan.FromSeconds(10), TimeProvider.System, Token);

        Assert.Null(problem);
    }

    private static Task<RunningHost> StartAsync(AuthSettings auth, LimitSettings limits, Func<SendMessageRequest, CancellationToken, Task>? turn = null, bool protectRegistry = false)
    {
        var agent = TestProjects.Agent("jarvis");
        agent = agent with { Deployment = agent.Deployment with { Auth = auth, Limits = limits } };
        var project = TestProjects.Project(agent);
        project = project with { Deployment = project.Deployment with { Auth = auth, ProtectRegistry = protectRegistry } };
        return RunningHost.StartAsync(project, setup: runtime => runtime.OnSend = async (request, _, token) =>
        {
            if (turn is not null)
            {
                await turn(request, token);
            }

            return new SendMessageResult("ok", SendMessageOutcome.Ok);
        });
    }

    private static async Task<HttpResponseMessage> SendAsync(RunningHost host, string? key, string message = "hello")
    {
        using var http = new HttpClient();
        using var request = McpWire.Post(host.Mcp("jarvis"), "tools/call", McpWire.SendMessageParams(message), withTasks: false, "send_message", out _);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, Token);
        return response;
    }

    private static async Task<string?> ReplyAsync(RunningHost host, string? key)
    {
        using var response = await SendAsync(host, key);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}");
        return McpWire.Messages(body).Single(message => message["result"] is not null)["result"]!["content"]![0]!["text"]?.GetValue<string>();
    }

    private static async Task<JsonObject> RequestAsync(RunningHost host, string method, JsonObject parameters, string routingName, string key)
    {
        using var http = new HttpClient();
        using var request = McpWire.Post(host.Mcp("jarvis"), method, parameters, withTasks: true, routingName, out var id);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, Token);
        return McpWire.Messages(await response.Content.ReadAsStringAsync(Token)).Single(message => (int?)message["id"] == id);
    }

    private static async Task<string> MetricsAsync(RunningHost host)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(host.Registry("/metrics"), Token);
    }
}
