using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Anthropic;

namespace Pallas.Providers.Tests.Anthropic;

/// <summary>
/// The exact request JSON the Anthropic provider sends, for Mantle and for api.anthropic.com side by side, from the same
/// conversation: a replayed tool_use turn, a tool result, a tool, sampling options and a reasoning level.
/// </summary>
public sealed class AnthropicWireTests
{
    private const string OkMessage = """
        {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"It is sunny."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":3}}
        """;

    private static readonly ModelCapabilities Opus = new(Vision: true, ContextWindow: 1_000_000, MaxOutputTokens: 128_000);
    private static readonly ModelCapabilities Haiku = new(Vision: true, ContextWindow: 200_000, MaxOutputTokens: 64_000);

    [Fact]
    public async Task GetResponseAsync_Mantle_SendsPrefixedModelAndNoThinkingCachingOrCaller()
    {
        var sent = await SendConversationAsync("anthropic.claude-opus-4-7?reasoning=high", Opus, Mantle());

        Assert.Equal("http://mantle.test/anthropic/v1/messages", sent.Uri.ToString());
        AssertJson("""
            {"max_tokens":4096,
             "messages":[
               {"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]},
               {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"weather__get","input":{"city":"Paris","unit":null}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","is_error":false,"content":"sunny"}]}],
             "model":"anthropic.claude-opus-4-7",
             "tools":[{"name":"weather__get","description":"Gets the weather.","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}],
             "system":[{"type":"text","text":"Be brief."}]}
            """, sent.Body);
    }

    [Fact]
    public async Task GetResponseAsync_Direct_SendsModelAsWrittenWithAdaptiveThinkingAndCaching()
    {
        var sent = await SendConversationAsync("anthropic.claude-opus-4-7?reasoning=high", Opus, new AnthropicSettings { ApiKey = "sk-ant", BaseUrl = new Uri("http://direct.test") });

        Assert.Equal("http://direct.test/v1/messages", sent.Uri.ToString());
        AssertJson("""
            {"max_tokens":4096,
             "messages":[
               {"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]},
               {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"weather__get","input":{"city":"Paris","unit":null}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","is_error":false,"content":"sunny"}]}],
             "model":"claude-opus-4-7",
             "tools":[{"name":"weather__get","description":"Gets the weather.","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}],
             "output_config":{"effort":"high"},
             "thinking":{"type":"adaptive"},
             "cache_control":{"type":"ephemeral"},
             "system":[{"type":"text","text":"Be brief."}]}
            """, sent.Body);
    }

    [Fact]
    public async Task GetResponseAsync_HaikuWithoutReasoning_SendsSamplingOnBothEndpoints()
    {
        var mantle = await SendConversationAsync("anthropic.claude-haiku-4-5", Haiku, Mantle());
        var direct = await SendConversationAsync("anthropic.claude-haiku-4-5", Haiku, new AnthropicSettings { ApiKey = "sk-ant", BaseUrl = new Uri("http://direct.test") });

        foreach (var sent in new[] { mantle, direct })
        {
            var body = JsonNode.Parse(sent.Body)!;
            Assert.Equal(0.25, body["temperature"]!.GetValue<double>(), 3);
            Assert.Equal(0.9, body["top_p"]!.GetValue<double>(), 3);
            Assert.Equal(40, body["top_k"]!.GetValue<int>());
            Assert.Equal(4096, body["max_tokens"]!.GetValue<int>());
            Assert.Null(body["thinking"]);
        }

        Assert.Equal("anthropic.claude-haiku-4-5", JsonNode.Parse(mantle.Body)!["model"]!.GetValue<string>());
        Assert.Equal("claude-haiku-4-5", JsonNode.Parse(direct.Body)!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetResponseAsync_Mantle_DropsBetaHeaderAndSendsBearerKeyWithDocumentedVersion()
    {
        var settings = Mantle() with { DefaultHeaders = new Dictionary<string, string> { ["anthropic-beta"] = "prompt-caching-2024-07-31", ["x-team"] = "ops" } };

        var sent = await SendConversationAsync("anthropic.claude-opus-4-7", Opus, settings);

        Assert.False(sent.Headers.ContainsKey("anthropic-beta"));
        Assert.Equal("ops", sent.Headers["x-team"]);
        Assert.Equal("Bearer bedrock-key", sent.Headers["Authorization"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
    }

    [Fact]
    public async Task GetResponseAsync_Direct_KeepsConfiguredBetaHeader()
    {
        var settings = new AnthropicSettings
        {
            ApiKey = "sk-ant",
            BaseUrl = new Uri("http://direct.test"),
            DefaultHeaders = new Dictionary<string, string> { ["anthropic-beta"] = "prompt-caching-2024-07-31" },
        };

        var sent = await SendConversationAsync("anthropic.claude-opus-4-7", Opus, settings);

        Assert.Equal("prompt-caching-2024-07-31", sent.Headers["anthropic-beta"]);
    }

    [Fact]
    public async Task GetResponseAsync_RequestedTokensAboveCapability_AreBoundedByMaxOutputTokens()
    {
        var handler = new CapturingHandler().Respond(HttpStatusCode.OK, OkMessage).Respond(HttpStatusCode.OK, OkMessage);
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus with { MaxOutputTokens = 1000 }, Mantle(), handler);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 50_000 }, TestContext.Current.CancellationToken);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(handler.Requests, request => Assert.Equal(1000, JsonNode.Parse(request.Body)!["max_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public async Task GetResponseAsync_HaikuDirectWithReasoning_SendsBudgetThinkingAndNoSampling()
    {
        var sent = await SendConversationAsync("anthropic.claude-haiku-4-5?reasoning=low", Haiku, new AnthropicSettings { ApiKey = "sk-ant", BaseUrl = new Uri("http://direct.test") });

        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("enabled", body["thinking"]!["type"]!.GetValue<string>());
        Assert.True(body["thinking"]!["budget_tokens"]!.GetValue<int>() > 0);
        Assert.Null(body["temperature"]);
        Assert.Null(body["top_p"]);
    }

    private static AnthropicSettings Mantle() => new() { ApiKey = "bedrock-key", BaseUrl = new Uri("http://mantle.test/anthropic"), Mantle = true };

    private static async Task<CapturedRequest> SendConversationAsync(string model, ModelCapabilities capabilities, AnthropicSettings settings)
    {
        var handler = new CapturingHandler().Respond(HttpStatusCode.OK, OkMessage);
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse(model), capabilities, settings, handler);
        var tool = AIFunctionFactory.Create((string city) => "sunny", "weather__get", "Gets the weather.");
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant, [new TextContent("Checking."), new FunctionCallContent("toolu_1", "weather__get", new Dictionary<string, object?> { ["city"] = "Paris", ["unit"] = null })]),
            new(ChatRole.Tool, [new FunctionResultContent("toolu_1", "sunny")]),
        ];
        var options = new ChatOptions { Tools = [tool], MaxOutputTokens = 4096, Temperature = 0.25f, TopP = 0.9f, TopK = 40 };

        var response = await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);

        Assert.Equal("It is sunny.", response.Text);
        return Assert.Single(handler.Requests);
    }

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected:\n{JsonNode.Parse(expected)!.ToJsonString()}\nActual:\n{actual}");
}
