using System.Net;
using System.Text.Json;
using Pallas.Emulators;
using Pallas.Emulators.Anthropic;
using Pallas.Emulators.Bedrock;
using Pallas.Emulators.OpenAI;
using Pallas.IntegrationTests.Infrastructure;

namespace Pallas.IntegrationTests;

/// <summary>
/// The three Bedrock paths through the real <c>pallas</c> process, against the in-repo emulators, each with a
/// two-turn tool call into a real downstream MCP server (server-everything over stdio).
/// </summary>
public sealed class ProviderPathTests
{
    private const string ToolTurn = "use the echo tool";

    // No credentials leak in from the machine running the tests: every source of the AWS chain is pinned.
    private static readonly Dictionary<string, string?> NoAws = new()
    {
        ["AWS_BEARER_TOKEN_BEDROCK"] = null,
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials",
        ["AWS_CONFIG_FILE"] = "/nonexistent/config",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
        ["AWS_REGION"] = "us-east-1",
    };

    public static TheoryData<string> BedrockCredentials => ["bearer", "sigv4-env-session", "sigv4-profile"];

    [Theory]
    [MemberData(nameof(BedrockCredentials))]
    public async Task Bedrock_SonnetAgent_CompletesATwoTurnToolCall(string credentials)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bedrock = new BedrockEmulator(new BedrockEmulatorOptions
        {
            Keys = new Dictionary<string, (string, string?)> { ["AKIDENV"] = ("env/secret", "session-token-1"), ["AKIDPROFILE"] = ("profile/secret", null) },
        });
        await bedrock.StartAsync(ct);
        bedrock.Enqueue(
            BedrockReply.ToolCall("tooluse_1", "everything__echo", """{"message":"via bedrock"}"""),
            BedrockReply.Text("The tool said it."),
            BedrockReply.Text("Still here."));
        using var project = Project("bedrock.us.anthropic.claude-sonnet-4-6", $"bedrock:\n  base_url: \"{bedrock.BaseUrl}\"\n  region: us-east-1\n", out var port);
        var environment = new Dictionary<string, string?>(NoAws);
        switch (credentials)
        {
            case "bearer":
                environment["AWS_BEARER_TOKEN_BEDROCK"] = new BedrockEmulatorOptions().BearerToken;
                break;
            case "sigv4-env-session":
                (environment["AWS_ACCESS_KEY_ID"], environment["AWS_SECRET_ACCESS_KEY"], environment["AWS_SESSION_TOKEN"]) = ("AKIDENV", "env/secret", "session-token-1");
                break;
            default:
                var file = Path.Combine(project.Directory, "aws-credentials");
                File.WriteAllText(file, "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile/secret\n");
                environment["AWS_SHARED_CREDENTIALS_FILE"] = file;
                break;
        }

        await using var pallas = await StartAsync(project, environment, ct);
        var reply = await AgentCalls.SendAsync(port, ToolTurn, ct);

        Assert.Equal(("The tool said it.", false), reply);
        Assert.Equal(("Still here.", false), await AgentCalls.SendAsync(port, "and again", ct));
        var requests = bedrock.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(("us.anthropic.claude-sonnet-4-6", "converse-stream", credentials == "bearer" ? "bearer" : "sigv4"), (r.ModelId, r.Operation, r.Auth)));
        var followUp = requests[1].Body.ToJsonString();
        Assert.Contains("toolResult", followUp, StringComparison.Ordinal);
        Assert.Contains("Echo: via bedrock", followUp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bedrock_Throttled_PallasSendShowsTheRetryWaitAsItHappens()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bedrock = new BedrockEmulator();
        await bedrock.StartAsync(ct);
        bedrock.Enqueue(BedrockReply.Error(429, "ThrottlingException", "Too many requests, please wait before trying again.", retryAfterSeconds: 1), BedrockReply.Text("after the wait"));
        using var project = Project("bedrock.us.anthropic.claude-sonnet-4-6", $"bedrock:\n  base_url: \"{bedrock.BaseUrl}\"\n  region: us-east-1\n", out _);
        var environment = new Dictionary<string, string?>(NoAws) { ["AWS_BEARER_TOKEN_BEDROCK"] = new BedrockEmulatorOptions().BearerToken };
        await using var pallas = await StartAsync(project, environment, ct);

        var (exitCode, output, error) = await NodeTool.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "pallas.dll"), "send", "assistant", "hello", "--project", project.Directory], TimeSpan.FromSeconds(60), ct);

        Assert.True(exitCode == 0, error);
        Assert.Equal("after the wait", output.Trim());
        var lines = error.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        Assert.Matches(@"^…\s+\d+\.\d s  assistant: LLM call 1$", lines[0]);
        Assert.Matches(@"^…\s+\d+\.\d s  assistant: bedrock throttled; retry 1 of 3 in 1\.0 s$", lines[1]);
    }

    [Fact]
    public async Task Bedrock_WithoutAnyCredentials_StartsAndAnswersWithTheProviderKeyError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bedrock = new BedrockEmulator();
        await bedrock.StartAsync(ct);
        using var project = Project("bedrock.us.anthropic.claude-sonnet-4-6", $"bedrock:\n  base_url: \"{bedrock.BaseUrl}\"\n", out var port);
        await using var pallas = await StartAsync(project, NoAws, ct);

        var health = await AgentCalls.HealthAsync(port, ct);
        var (text, isError) = await AgentCalls.SendAsync(port, "hello", ct);
        var again = await AgentCalls.SendAsync(port, "hello again", ct);

        Assert.False(health.TryGetProperty("llm", out _));
        Assert.True(isError);
        Assert.Contains("AWS_BEARER_TOKEN_BEDROCK", text, StringComparison.Ordinal);
        Assert.Contains("~/.aws/credentials", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text.Trim());
        Assert.True(again.IsError);
        Assert.Empty(bedrock.Requests);
    }

    [Fact]
    public async Task Mantle_OpusAgent_CompletesATwoTurnToolCall_ReplayingToolUseWithoutCaller()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mantle = new AnthropicEmulator(new AnthropicEmulatorOptions { Mantle = true });
        await mantle.StartAsync(ct);
        mantle.Enqueue(ScriptedTurn.CallTool("everything__echo", """{"message":"via mantle"}"""));
        using var project = Project("anthropic.claude-opus-4-7",
            $"anthropic:\n  base_url: \"{mantle.BaseUrl}\"\n  api_key: \"${{BEDROCK_API_KEY}}\"\n  mantle: true\n", out var port)
            .With(".env", "BEDROCK_API_KEY=test-key\n");
        await using var pallas = await StartAsync(project, NoAws, ct);

        var reply = await AgentCalls.SendAsync(port, ToolTurn, ct);

        Assert.Equal(("emulator: Echo: via mantle", false), reply);
        var second = mantle.MessageRequests[^1];
        Assert.Contains("\"anthropic.claude-opus-4-7\"", second.Body, StringComparison.Ordinal);
        Assert.Contains("tool_use", second.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("caller", second.Body, StringComparison.Ordinal);
        Assert.False(second.Headers.ContainsKey("anthropic-beta"));
        Assert.Equal("ok", (await AgentCalls.HealthAsync(port, ct)).GetProperty("llm").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Mantle_WrongKey_MakesHealthDegraded_AndSendMessageAClearError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mantle = new AnthropicEmulator(new AnthropicEmulatorOptions { Mantle = true });
        await mantle.StartAsync(ct);
        using var project = Project("anthropic.claude-opus-4-7", $"anthropic:\n  base_url: \"{mantle.BaseUrl}\"\n  api_key: wrong-key\n  mantle: true\n", out var port);
        await using var pallas = PallasProcessFor(project, NoAws);
        await pallas.WaitForHttpAsync(new Uri(project.RegistryUrl, "healthz"), ct);

        var healthz = await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.ServiceUnavailable, ct);
        var health = await AgentCalls.HealthAsync(port, ct);
        var (text, isError) = await AgentCalls.SendAsync(port, "hello", ct);

        Assert.Contains("degraded", healthz, StringComparison.Ordinal);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal("error", health.GetProperty("llm").GetProperty("status").GetString());
        Assert.Contains("BEDROCK_API_KEY", health.GetProperty("llm").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(isError);
        Assert.Contains("Bedrock long-term API key is invalid or expired", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAIMantle_MiniMaxAgent_CompletesATwoTurnToolCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var openai = new OpenAIEmulator();
        await openai.StartAsync(ct);
        openai.Enqueue(ScriptedTurn.CallTool("everything__echo", """{"message":"via chat completions"}"""));
        using var project = Project("openai.minimax.minimax-m2.5",
            $"openai:\n  base_url: \"{openai.BaseUrl}\"\n  api_key: \"${{BEDROCK_API_KEY}}\"\n", out var port)
            .With(".env", "BEDROCK_API_KEY=test-key\n");
        await using var pallas = await StartAsync(project, NoAws, ct);

        var reply = await AgentCalls.SendAsync(port, ToolTurn, ct);

        Assert.Equal(("emulator: Echo: via chat completions", false), reply);
        Assert.Contains("\"stream\":true", openai.CompletionRequests[^1].Body.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("ok", (await AgentCalls.HealthAsync(port, ct)).GetProperty("llm").GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenAI_ModelMissingFromModels_IsReportedByName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var openai = new OpenAIEmulator();
        await openai.StartAsync(ct);
        using var project = Project("openai.qwen.qwen3-32b", $"openai:\n  base_url: \"{openai.BaseUrl}\"\n  api_key: test-key\n", out var port,
            capabilities: "model_capabilities: {vision: false, context_window: 32000, max_output_tokens: 4000}\n");
        await using var pallas = PallasProcessFor(project, NoAws);
        await pallas.WaitForHttpAsync(new Uri(project.RegistryUrl, "healthz"), ct);

        var healthz = await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.ServiceUnavailable, ct);
        var detail = (await AgentCalls.HealthAsync(port, ct)).GetProperty("llm").GetProperty("detail").GetString();

        Assert.Contains("qwen.qwen3-32b", healthz, StringComparison.Ordinal);
        Assert.Contains("qwen.qwen3-32b", detail, StringComparison.Ordinal);
    }

    private static TestProject Project(string model, string providerSection, out int port, string capabilities = "")
    {
        port = TestProject.FreePort();
        var project = new TestProject();
        return project
            .With("agents.yaml", $"""
                name: paths
                version: "1.0.0"
                host: localhost
                registry_port: {project.RegistryPort}
                agents:
                  assistant:
                    module: agents.assistant
                    port: {port}
                """)
            .With("fastagent.config.yaml", $"""
                default_model: {model}
                {capabilities}{providerSection}
                mcp:
                  servers:
                    everything:
                      command: node
                      args: ["{Repository.ServerEverything}", "stdio"]
                """.Replace("\n\n", "\n", StringComparison.Ordinal))
            .With("agents/assistant.md", "---\nservers: [everything]\n---\nYou are an assistant.\n");
    }

    private static PallasProcess PallasProcessFor(TestProject project, IReadOnlyDictionary<string, string?> environment) => project.Start(environment);

    private static async Task<PallasProcess> StartAsync(TestProject project, IReadOnlyDictionary<string, string?> environment, CancellationToken ct)
    {
        var pallas = project.Start(environment);
        await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.OK, ct, TimeSpan.FromSeconds(60));
        await WaitForToolsAsync(project, ct);
        return pallas;
    }

    private static async Task WaitForToolsAsync(TestProject project, CancellationToken ct)
    {
        var port = int.Parse(File.ReadAllLines(Path.Combine(project.Directory, "agents.yaml")).First(l => l.Trim().StartsWith("port:", StringComparison.Ordinal)).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var servers = (await AgentCalls.HealthAsync(port, ct)).GetProperty("servers").EnumerateArray();
            if (servers.Any(s => s.GetProperty("status").GetString() == "ok"))
            {
                return;
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException("the downstream server did not connect");
    }
}
