using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Emulators;
using Pallas.Emulators.Anthropic;
using Pallas.Providers.Anthropic;

namespace Pallas.Providers.Tests.Anthropic;

/// <summary>
/// Path 2 end to end against the Mantle-shaped emulator: a tool call round trip through
/// <see cref="FunctionInvokingChatClient"/>, where the second request replays the tool_use block.
/// </summary>
public sealed class AnthropicMantleEmulatorTests : IAsyncLifetime
{
    private static readonly ModelCapabilities Opus = new(true, 1_000_000, 128_000);
    private readonly AnthropicEmulator _mantle = new(new AnthropicEmulatorOptions { Mantle = true, ApiKey = "bedrock-key" });

    public async ValueTask InitializeAsync() => await _mantle.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _mantle.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolLoop_Opus47OnMantle_CompletesTwoTurnsAndReplaysToolUseCleanly(bool streaming)
    {
        _mantle.Enqueue(ScriptedTurn.CallTool("weather__get", """{"city":"Paris"}""", "toolu_01"), ScriptedTurn.Reply("Sunny in Paris."));
        var calls = new List<string>();
        var tool = AIFunctionFactory.Create((string city) => { calls.Add(city); return "sunny, 21 C"; }, "weather__get", "Gets the weather.");
        using var client = new ChatClientBuilder(CreateClient("anthropic.claude-opus-4-7")).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [tool] };
        List<ChatMessage> messages = [new(ChatRole.User, "Weather in Paris?")];

        var text = streaming
            ? (await client.GetStreamingResponseAsync(messages, options, TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken)).Text
            : (await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken)).Text;

        Assert.Equal("Sunny in Paris.", text);
        Assert.Equal(["Paris"], calls);
        var requests = _mantle.MessageRequests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("anthropic.claude-opus-4-7", r.Json["model"]!.GetValue<string>()));
        var replayed = requests[1].Json["messages"]!.AsArray()
            .SelectMany(m => m!["content"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Single(block => block["type"]!.GetValue<string>() == "tool_use");
        Assert.Equal(["type", "id", "name", "input"], replayed.Select(pair => pair.Key));
        Assert.Equal("toolu_01", replayed["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetResponseAsync_SonnetOnMantle_ExplainsThereIsNoMantleEndpoint()
    {
        using var client = CreateClient("anthropic.claude-sonnet-4-6");

        var error = await Assert.ThrowsAsync<Errors.ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(Errors.ProviderErrorKind.NotFound, error.Kind);
        Assert.StartsWith("Claude Sonnet 4.6 has no Mantle endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_WrongKeyOnMantle_GivesTheMantle401Text()
    {
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus,
            new AnthropicSettings { ApiKey = "expired", BaseUrl = _mantle.BaseUrl, Mantle = true });

        var error = await Assert.ThrowsAsync<Errors.ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("the Bedrock long-term API key is invalid or expired; regenerate it and update BEDROCK_API_KEY", error.Message);
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningLevelOnMantle_IsNotSentSoMantleDoesNotAnswer404()
    {
        using var client = CreateClient("anthropic.claude-opus-4-7?reasoning=high");

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Think hard.")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("emulator: Think hard.", response.Text);
        Assert.False(_mantle.MessageRequests.Single().Json.ContainsKey("thinking"));
    }

    [Fact]
    public async Task GetResponseAsync_RawRequestCarryingWhatMantleRejects_IsCleanedOnTheWire()
    {
        // Another layer (a raw request factory, a future SDK) adds thinking, cache_control and a null caller: the
        // handler on the wire still removes them, so Mantle neither 404s nor 400s.
        var raw = JsonNode.Parse("""
            {"model":"anthropic.claude-opus-4-7","max_tokens":100,
             "thinking":{"type":"enabled","budget_tokens":1024},
             "cache_control":{"type":"ephemeral"},
             "messages":[
               {"role":"user","content":"Read a.txt"},
               {"role":"assistant","content":[{"type":"tool_use","id":"toolu_9","name":"fs__read","input":{"path":"a.txt"},"caller":null}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"hello"}]}]}
            """)!.AsObject().ToDictionary(pair => pair.Key, pair => JsonSerializer.SerializeToElement(pair.Value));
        var empty = new Dictionary<string, JsonElement>();
        var options = new ChatOptions { RawRepresentationFactory = _ => MessageCreateParams.FromRawUnchecked(empty, empty, raw) };
        using var client = CreateClient("anthropic.claude-opus-4-7");

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Summarise it.")], options, TestContext.Current.CancellationToken);

        Assert.StartsWith("emulator:", response.Text, StringComparison.Ordinal);
        var sent = _mantle.MessageRequests.Single().Body;
        Assert.Contains("toolu_9", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("thinking", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("cache_control", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("caller", sent, StringComparison.Ordinal);
    }

    private IChatClient CreateClient(string model) =>
        AnthropicProvider.CreateChatClient(ModelSpec.Parse(model), Opus, new AnthropicSettings { ApiKey = "bedrock-key", BaseUrl = _mantle.BaseUrl, Mantle = true });
}
