using System.Net;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Anthropic;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Tests.Anthropic;

/// <summary>How Anthropic and Mantle failures reach callers: one line, the right kind, Retry-After kept, no key.</summary>
public sealed class AnthropicErrorTests
{
    private static readonly ModelCapabilities Opus = new(true, 1_000_000, 128_000);

    [Fact]
    public async Task GetResponseAsync_Mantle401_SaysTheBedrockKeyIsInvalid()
    {
        var error = await FailAsync(HttpStatusCode.Unauthorized, """{"type":"error","error":{"type":"authentication_error","message":"bad token"}}""", Mantle());

        Assert.Equal(ProviderErrorKind.Unauthorized, error.Kind);
        Assert.Equal("the Bedrock long-term API key is invalid or expired; regenerate it and update BEDROCK_API_KEY", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task GetResponseAsync_Direct401_NamesTheSettingAndHidesTheKey()
    {
        var settings = new AnthropicSettings { ApiKey = "sk-ant-secret-123", BaseUrl = new Uri("http://direct.test") };

        var error = await FailAsync(HttpStatusCode.Unauthorized, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key sk-ant-secret-123"}}""", settings);

        Assert.Equal(ProviderErrorKind.Unauthorized, error.Kind);
        Assert.Contains("anthropic.api_key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-secret-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_SonnetOnMantle404_PointsToTheBedrockProvider()
    {
        var error = await FailAsync(HttpStatusCode.NotFound, """{"type":"error","error":{"type":"not_found_error","message":"The model 'anthropic.claude-sonnet-4-6' does not exist"}}""",
            Mantle(), "anthropic.claude-sonnet-4-6");

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Contains("Claude Sonnet 4.6 has no Mantle endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("bedrock.us.anthropic.claude-sonnet-4-6", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://proxy.internal/anthropic", true)]
    [InlineData("http://proxy.internal/anthropic/", true)]
    [InlineData("http://proxy.internal/v1", false)]
    public async Task GetResponseAsync_404OnAnAnthropicPathNotFlaggedMantle_SuggestsTheMantleFlag(string baseUrl, bool hinted)
    {
        var settings = new AnthropicSettings { ApiKey = "bedrock-key", BaseUrl = new Uri(baseUrl) };

        var error = await FailAsync(HttpStatusCode.NotFound, """{"type":"error","error":{"type":"not_found_error","message":"Not Found"}}""", settings);

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Equal(hinted, error.Message.Contains("if this is Bedrock Mantle, set `anthropic.mantle: true`", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(429, ProviderErrorKind.Throttled)]
    [InlineData(529, ProviderErrorKind.Throttled)]
    [InlineData(500, ProviderErrorKind.ServerError)]
    [InlineData(503, ProviderErrorKind.ServerError)]
    public async Task GetResponseAsync_TransientStatus_IsRetryableWithRetryAfter(int status, ProviderErrorKind kind)
    {
        var error = await FailAsync((HttpStatusCode)status, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", Mantle(),
            configure: response => response.Headers.Add("Retry-After", "7"));

        Assert.Equal(kind, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("Overloaded", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, ProviderErrorKind.Validation)]
    [InlineData(403, ProviderErrorKind.AccessDenied)]
    [InlineData(404, ProviderErrorKind.NotFound)]
    [InlineData(413, ProviderErrorKind.Validation)]
    public async Task GetResponseAsync_ClientError_ShowsProviderMessageAndIsNotRetried(int status, ProviderErrorKind kind)
    {
        var error = await FailAsync((HttpStatusCode)status, """{"type":"error","error":{"type":"invalid_request_error","message":"messages.0: bad thing\nsecond line"}}""", Mantle());

        Assert.Equal(kind, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Contains("messages.0: bad thing second line", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task GetResponseAsync_Streaming429_IsMappedBeforeAnyUpdate()
    {
        var handler = new CapturingHandler().Respond(HttpStatusCode.TooManyRequests, """{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}""",
            configure: response => response.Headers.Add("retry-after-ms", "1500"));
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus, Mantle(), handler);

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken))
            {
                Assert.Fail($"unexpected update {update}");
            }
        });

        Assert.Equal(ProviderErrorKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventMidStream_IsStreamInterrupted()
    {
        const string events = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """;
        var handler = new CapturingHandler().Respond(HttpStatusCode.OK, events, "text/event-stream");
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus, Mantle(), handler);

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken)
                .ToChatResponseAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.Contains("Overloaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamCutBeforeMessageStop_IsStreamInterrupted()
    {
        const string events = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Half a sen"}}


            """;
        var handler = new CapturingHandler().Respond(HttpStatusCode.OK, events, "text/event-stream");
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus, Mantle(), handler);

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken)
                .ToChatResponseAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public async Task GetResponseAsync_ConnectionRefused_IsNetworkError()
    {
        var handler = new ThrowingHandler(new HttpRequestException("Connection refused (127.0.0.1:9)"));
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus, Mantle(), handler);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.Contains("http://mantle.test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_MissingKey_SaysWhereToPutItWithoutSendingAnything()
    {
        var handler = new CapturingHandler();
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus, Mantle() with { ApiKey = null }, handler);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.Contains("anthropic.api_key in fastagent.secrets.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("${BEDROCK_API_KEY}", error.Message, StringComparison.Ordinal);
        Assert.Contains("BEDROCK_API_KEY=", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_MissingKeyForApiAnthropicCom_SuggestsTheAnthropicVariable()
    {
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus, new AnthropicSettings(), new CapturingHandler());

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.Contains("anthropic.api_key in fastagent.secrets.yaml, e.g. api_key: \"${ANTHROPIC_API_KEY}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_UnresolvedVariableInKey_NamesTheVariable()
    {
        var handler = new CapturingHandler();
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Opus, Mantle() with { ApiKey = "${BEDROCK_API_KEY}" }, handler);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.Contains("BEDROCK_API_KEY is not set", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    private static AnthropicSettings Mantle() => new() { ApiKey = "bedrock-key", BaseUrl = new Uri("http://mantle.test/anthropic"), Mantle = true };

    private static async Task<ProviderException> FailAsync(HttpStatusCode status, string body, AnthropicSettings settings, string model = "anthropic.claude-opus-4-7", Action<HttpResponseMessage>? configure = null)
    {
        var handler = new CapturingHandler().Respond(status, body, configure: configure);
        using var client = AnthropicProvider.CreateChatClient(ModelSpec.Parse(model), Opus, settings, handler);
        return await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken));
    }
}
