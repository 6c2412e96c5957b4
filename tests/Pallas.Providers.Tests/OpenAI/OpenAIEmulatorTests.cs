using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Emulators;
using Pallas.Emulators.OpenAI;
using Pallas.Providers.Errors;
using Pallas.Providers.OpenAI;

namespace Pallas.Providers.Tests.OpenAI;

/// <summary>Path 3 end to end against the Chat Completions emulator: tool calls, streaming, keys and errors.</summary>
public sealed class OpenAIEmulatorTests : IAsyncLifetime
{
    private static readonly ModelCapabilities MiniMax = new(Vision: false, ContextWindow: 196_000, MaxOutputTokens: 8_000);
    private readonly OpenAIEmulator _mantle = new(new OpenAIEmulatorOptions { ApiKey = "bedrock-key" });

    public async ValueTask InitializeAsync() => await _mantle.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _mantle.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolLoop_MiniMaxOnMantle_CompletesTwoTurns(bool streaming)
    {
        _mantle.Enqueue(ScriptedTurn.CallTool("weather__get", """{"city":"Oslo"}""", "call_01"), ScriptedTurn.Reply("Snow in Oslo."));
        var calls = new List<string>();
        var tool = AIFunctionFactory.Create((string city) => { calls.Add(city); return "snow, -3 C"; }, "weather__get", "Gets the weather.");
        using var client = new ChatClientBuilder(CreateClient(Settings())).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [tool], MaxOutputTokens = 50_000 };
        List<ChatMessage> messages = [new(ChatRole.User, "Weather in Oslo?")];

        var text = streaming
            ? (await client.GetStreamingResponseAsync(messages, options, TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken)).Text
            : (await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken)).Text;

        Assert.Equal("Snow in Oslo.", text);
        Assert.Equal(["Oslo"], calls);
        var requests = _mantle.CompletionRequests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("minimax.minimax-m2.5", r.Json["model"]!.GetValue<string>());
            Assert.Equal(8_000, r.Json["max_completion_tokens"]!.GetValue<int>());
            Assert.Equal("Bearer bedrock-key", r.Header("Authorization"));
        });
        var replay = requests[1].Json["messages"]!.AsArray();
        var assistant = replay.Single(m => m!["role"]!.GetValue<string>() == "assistant")!;
        Assert.Equal("call_01", assistant["tool_calls"]![0]!["id"]!.GetValue<string>());
        var toolMessage = replay.Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal("call_01", toolMessage["tool_call_id"]!.GetValue<string>());
        Assert.Contains("snow", toolMessage["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_DefaultHeaders_AreSentWithoutReplacingTheKey()
    {
        var settings = Settings() with { DefaultHeaders = new Dictionary<string, string> { ["x-team"] = "ops", ["Authorization"] = "Bearer other" } };
        using var client = CreateClient(settings);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken);

        var request = Assert.Single(_mantle.CompletionRequests);
        Assert.Equal("ops", request.Header("x-team"));
        Assert.Equal("Bearer bedrock-key", request.Header("Authorization"));
    }

    [Fact]
    public async Task GetResponseAsync_WrongKeyOnMantle_GivesTheMantle401Text()
    {
        using var client = CreateClient(Settings() with { ApiKey = "expired" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.Unauthorized, error.Kind);
        Assert.Equal("the Bedrock long-term API key is invalid or expired; regenerate it and update BEDROCK_API_KEY", error.Message);
    }

    [Fact]
    public async Task GetResponseAsync_WrongKeyElsewhere_UsesGenericWording()
    {
        using var client = CreateClient(Settings() with { ApiKey = "sk-wrong", Mantle = false });

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.Unauthorized, error.Kind);
        Assert.Contains("the openai API key was rejected", error.Message, StringComparison.Ordinal);
        Assert.Contains("openai.api_key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_Throttled_KeepsRetryAfter(bool streaming)
    {
        _mantle.Enqueue(ScriptedTurn.Fail(429, "Too many tokens, please wait before trying again.", TimeSpan.FromSeconds(3)));
        using var client = CreateClient(Settings());
        List<ChatMessage> messages = [new(ChatRole.User, "hi")];

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            if (streaming)
            {
                await client.GetStreamingResponseAsync(messages, cancellationToken: TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken);
            }
            else
            {
                await client.GetResponseAsync(messages, cancellationToken: TestContext.Current.CancellationToken);
            }
        });

        Assert.Equal(ProviderErrorKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
        Assert.Contains("Too many tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownModel_IsNotFoundWithTheServerMessage()
    {
        using var client = OpenAIProvider.CreateChatClient(ModelSpec.Parse("openai.minimax.minimax-m9"), MiniMax, Settings());

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Contains("minimax.minimax-m9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_UnresolvedVariableInKey_NamesTheVariableWithoutSending()
    {
        using var client = CreateClient(Settings() with { ApiKey = "${BEDROCK_API_KEY}" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.Contains("BEDROCK_API_KEY is not set", error.Message, StringComparison.Ordinal);
        Assert.Empty(_mantle.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_MissingKey_SaysWhereToPutIt()
    {
        using var client = CreateClient(Settings() with { ApiKey = null });

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.Contains("openai.api_key in fastagent.secrets.yaml", error.Message, StringComparison.Ordinal);
        Assert.Empty(_mantle.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_ImageForMiniMax_IsRefusedBecauseVisionIsFalse()
    {
        // The vision rule is the provider pipeline's, so the client is made the way agents get theirs.
        using var client = ProviderChatClientFactory.Create(ModelSpec.Parse("openai.minimax.minimax-m2.5"), MiniMax, new PallasSettings { OpenAI = Settings() });
        var message = new ChatMessage(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([message], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.Validation, error.Kind);
        Assert.Empty(_mantle.Requests);
    }

    [Fact]
    public async Task GenericClient_WithoutKey_SendsPlaceholderAndWorks()
    {
        await using var ollama = new OpenAIEmulator(new OpenAIEmulatorOptions { ApiKey = null, Models = ["llama3.2"] });
        await ollama.StartAsync(TestContext.Current.CancellationToken);
        using var client = OpenAIProvider.CreateGenericChatClient(ModelSpec.Parse("generic.llama3.2"), new ModelCapabilities(false, 128_000, 2_048),
            new GenericSettings { BaseUrl = ollama.BaseUrl });

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "ping")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("emulator: ping", response.Text);
        var request = Assert.Single(ollama.CompletionRequests);
        Assert.Equal("Bearer generic", request.Header("Authorization"));
        Assert.Equal("llama3.2", request.Json["model"]!.GetValue<string>());
    }

    private OpenAISettings Settings() => new() { ApiKey = "bedrock-key", BaseUrl = _mantle.BaseUrl, Mantle = true };

    private static IChatClient CreateClient(OpenAISettings settings) =>
        OpenAIProvider.CreateChatClient(ModelSpec.Parse("openai.minimax.minimax-m2.5"), MiniMax, settings);
}
