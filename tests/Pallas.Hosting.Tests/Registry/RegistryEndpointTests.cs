using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Registry;

public sealed class RegistryEndpointTests
{

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerJson_EveryEntry_ValidatesAgainstOfficialSchema()
    {
        var longDescription = string.Join(' ', Enumerable.Repeat("Answers questions about the weather and much more.", 5));
        var project = TestProjects.Project(
            "my_project",
            registryPort: 0,
            TestProjects.Agent("jarvis", "bedrock.us.anthropic.claude-sonnet-4-6", description: longDescription),
            TestProjects.Agent("research_bot", "openai.minimax.minimax-m2.5"));
        await using var host = await RunningHost.StartAsync(project, options => options with { Preflight = RunningHost.Preflight(ok: true) });
        using var http = new HttpClient();

        var document = JsonNode.Parse(await http.GetStringAsync(host.Registry("/.well-known/mcp/server.json"), Token))!;

        Assert.Equal("my_project", (string?)document["name"]);
        Assert.Equal("1.2.3", (string?)document["version"]);
        var servers = document["servers"]!.AsArray();
        Assert.Equal(2, servers.Count);
        foreach (var entry in servers)
        {
            var result = OfficialServerSchema.Value.Evaluate(JsonSerializer.SerializeToElement(entry), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            Assert.True(result.IsValid, $"{entry!["name"]} is not a valid server.json: {JsonSerializer.Serialize((result.Details ?? []).Where(detail => detail.Errors is not null).Select(detail => new { detail.InstanceLocation, detail.Errors }))}");
            Assert.Equal("https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json", (string?)entry["$schema"]);
            Assert.True(((string?)entry["description"])!.Length <= 100);
        }

        var jarvis = servers[0]!;
        Assert.Equal("local.my-project/jarvis", (string?)jarvis["name"]);
        Assert.Equal("Jarvis", (string?)jarvis["title"]);
        Assert.EndsWith("…", (string?)jarvis["description"], StringComparison.Ordinal);
        Assert.Equal("streamable-http", (string?)jarvis["remotes"]![0]!["type"]);
        Assert.Equal($"http://agents.example.test:{host.Mcp("jarvis").Port}/mcp", (string?)jarvis["remotes"]![0]!["url"]);
        var meta = jarvis["_meta"]!["pallas"]!;
        Assert.Equal("jarvis", (string?)meta["agent"]);
        Assert.Equal("bedrock.us.anthropic.claude-sonnet-4-6", (string?)meta["model"]);
        Assert.Equal("bedrock", (string?)meta["provider"]);
        Assert.True((bool)meta["model_capabilities"]!["vision"]!);
        Assert.Equal(1_000_000, (int)meta["model_capabilities"]!["context_window"]!);
        Assert.Equal(64_000, (int)meta["model_capabilities"]!["max_output_tokens"]!);
        Assert.Equal("healthy", (string?)meta["status"]);
        Assert.Equal("local.my-project/research_bot", (string?)servers[1]!["name"]);
    }

    [Fact]
    public async Task Healthz_AllReadyAndPreflightsPassed_Returns200Ok()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis", "anthropic.claude-opus-4-7"), TestProjects.Agent("friday")),
            options => options with { Preflight = RunningHost.Preflight(ok: true) });
        using var http = new HttpClient();

        using var registry = await http.GetAsync(host.Registry("/healthz"), Token);
        using var agent = await http.GetAsync(host.AgentPath("jarvis", "/healthz"), Token);

        Assert.Equal(HttpStatusCode.OK, registry.StatusCode);
        var body = JsonNode.Parse(await registry.Content.ReadAsStringAsync(Token))!;
        Assert.Equal("ok", (string?)body["status"]);
        Assert.Empty(body["reasons"]!.AsArray());
        Assert.Equal("anthropic", (string?)body["providers"]![0]!["provider"]);
        Assert.Equal(HttpStatusCode.OK, agent.StatusCode);
        Assert.Equal("ok", (string?)JsonNode.Parse(await agent.Content.ReadAsStringAsync(Token))!["status"]);
    }

    [Fact]
    public async Task Healthz_PreflightFailed_Returns503DegradedWithReasonButOtherAgentsStayOk()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis", "anthropic.claude-opus-4-7"), TestProjects.Agent("friday")),
            options => options with { Preflight = RunningHost.Preflight(ok: false, "anthropic key rejected (401): check anthropic.api_key") });
        using var http = new HttpClient();

        using var registry = await http.GetAsync(host.Registry("/healthz"), Token);
        using var jarvis = await http.GetAsync(host.AgentPath("jarvis", "/healthz"), Token);
        using var friday = await http.GetAsync(host.AgentPath("friday", "/healthz"), Token);
        var serverJson = JsonNode.Parse(await http.GetStringAsync(host.Registry("/.well-known/mcp/server.json"), Token))!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, registry.StatusCode);
        var body = JsonNode.Parse(await registry.Content.ReadAsStringAsync(Token))!;
        Assert.Equal("degraded", (string?)body["status"]);
        Assert.Contains(body["reasons"]!.AsArray(), reason => ((string?)reason)!.Contains("anthropic key rejected", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, jarvis.StatusCode);
        Assert.Equal(HttpStatusCode.OK, friday.StatusCode);
        Assert.Equal("degraded", (string?)serverJson["servers"]![0]!["_meta"]!["pallas"]!["status"]);
    }

    [Fact]
    public async Task Metrics_AfterCalls_ExposesContractMetricsAndPreflightGauge()
    {
        await using var host = await RunningHost.StartAsync(
            TestProjects.Project(TestProjects.Agent("jarvis", "anthropic.claude-opus-4-7")),
            options => options with { Preflight = RunningHost.Preflight(ok: false, "unreachable") });
        await using (var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis")))
        {
            await client.CallToolAsync("send_message", new Dictionary<string, object?> { ["message"] = "hi" }, cancellationToken: Token);
        }

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(host.Registry("/metrics"), Token);

        Assert.Contains("pallas_send_message_total{agent=\"jarvis\",outcome=\"ok\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("pallas_send_message_duration_seconds_count{agent=\"jarvis\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("pallas_inflight_requests{agent=\"jarvis\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("pallas_llm_preflight_ok{provider=\"anthropic\"} 0", metrics, StringComparison.Ordinal);
        foreach (var name in new[] { "pallas_agent_loop_aborted_total", "pallas_llm_requests_total", "pallas_llm_tokens_total", "pallas_tool_calls_total" })
        {
            Assert.Contains($"# TYPE {name} counter", metrics, StringComparison.Ordinal);
        }
    }
}
