using System.Text;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Anthropic;
using Pallas.Providers.Bedrock;
using Pallas.Providers.Bedrock.EventStream;
using Pallas.Providers.Errors;
using Pallas.Providers.OpenAI;
using Pallas.Providers.Tests.Bedrock;

namespace Pallas.Providers.Tests.ResponseBodies;

/// <summary>
/// A 200 whose body is not the API's (a captive portal's page, another service's JSON, garbage, nothing) is said to be
/// so, for each provider over a real loopback connection; a real stream that breaks off is still a cut stream.
/// </summary>
public sealed class UnexpectedBodyTests
{
    private const string HaikuId = "anthropic.claude-haiku-4-5-20251001-v1:0";
    private const string BedrockToken = "bedrock-bearer-secret-789";
    private const string AnthropicKey = "sk-ant-secret-123";
    private const string OpenAIKey = "sk-openai-secret-456";
    private const string PortalPage = "<!DOCTYPE html>\n<html><head><title>Guest Wi-Fi</title></head><body><form>Sign in</form></body></html>";
    private static readonly ModelCapabilities Capabilities = new(true, 200_000, 64_000);

    public static TheoryData<string, bool, string, string, string> NotTheApi => new()
    {
        // provider, streaming, content type, body, expected ("a body that is not ...")
        { "bedrock", true, "text/html; charset=utf-8", PortalPage, "a Converse event stream" },
        { "bedrock", false, "text/html; charset=utf-8", PortalPage, "JSON" },
        { "bedrock", true, "application/json", """{"message":"hello from another service"}""", "a Converse event stream" },
        { "bedrock", false, "application/json", """{"message":"hello from another service"}""", "a Converse response" },
        { "bedrock", true, "application/octet-stream", "\u0001\u0002 garbage", "a Converse event stream" },
        { "bedrock", true, "", "", "a Converse event stream" },
        { "bedrock", false, "", "", "JSON" },
        { "anthropic", true, "text/html", PortalPage, "an event stream" },
        { "anthropic", false, "text/html", PortalPage, "JSON" },
        { "anthropic", true, "application/json", """{"type":"message","content":[]}""", "an event stream" },
        { "anthropic", false, "application/json", """{"message":"hello from another service"}""", "a Messages API response" },
        { "anthropic", true, "text/plain", "garbage", "an event stream" },
        { "anthropic", true, "", "", "an event stream" },
        { "anthropic", false, "", "", "JSON" },
        { "openai", true, "text/html", PortalPage, "an event stream" },
        { "openai", false, "text/html", PortalPage, "JSON" },
        { "openai", true, "application/json", """{"id":"c1","object":"chat.completion","choices":[]}""", "an event stream" },
        { "openai", false, "application/json", """{"message":"hello from another service"}""", "a Chat Completions response" },
        { "openai", true, "text/plain", "garbage", "an event stream" },
        { "openai", true, "", "", "an event stream" },
        { "openai", false, "", "", "JSON" },
    };

    [Theory]
    [MemberData(nameof(NotTheApi))]
    public async Task Call_200WithABodyThatIsNotTheApis_SaysSoInOneLine(string provider, bool streaming, string contentType, string body, string expected)
    {
        await using var server = new LoopbackHttpServer(contentType.Length == 0 ? null : contentType, body);
        using var client = Create(provider, server);

        var (error, _) = await CallAsync(client, streaming);

        Assert.Equal(ProviderErrorKind.UnexpectedResponse, error.Kind);
        Assert.False(error.IsTransient);
        Assert.StartsWith($"{provider} at {server.BaseUrl.ToString().TrimEnd('/')}/", error.Message, StringComparison.Ordinal);
        Assert.Contains($" answered HTTP 200 with a body that is not {expected} (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"; check {provider}.base_url — a proxy or captive portal may be answering", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("partial", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cut", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ConverseStream_CaptivePortalPage_NamesTheUrlContentTypeAndStart()
    {
        await using var server = new LoopbackHttpServer("text/html; charset=utf-8", PortalPage);
        using var client = Create("bedrock", server);

        var (error, _) = await CallAsync(client, streaming: true);

        Assert.Equal(
            $"bedrock at {server.BaseUrl.ToString().TrimEnd('/')}/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/converse-stream answered HTTP 200 "
            + "with a body that is not a Converse event stream (content-type text/html; starts with '<!DOCTYPE html> <html><head><title>Guest…'); "
            + "check bedrock.base_url — a proxy or captive portal may be answering",
            error.Message);
    }

    [Theory]
    [InlineData("bedrock", "")]
    [InlineData("anthropic", "")]
    [InlineData("openai", "")]
    [InlineData("bedrock", "application/octet-stream")]
    public async Task Call_EmptyOrBinaryBody_SaysWhatCameInstead(string provider, string contentType)
    {
        var binary = contentType.Length > 0;
        await using var server = new LoopbackHttpServer(binary ? contentType : null, binary ? [0x1f, 0x8b, 0x08, 0x00, 0x01] : []);
        using var client = Create(provider, server);

        var (error, _) = await CallAsync(client, streaming: true);

        Assert.Contains(binary ? "(content-type application/octet-stream; starts with bytes 1f 8b 08 00 01)" : "(no content-type; empty body)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bedrock", BedrockToken)]
    [InlineData("anthropic", AnthropicKey)]
    [InlineData("openai", OpenAIKey)]
    public async Task Call_EchoServerShowingTheKey_KeyIsNotInTheMessage(string provider, string secret)
    {
        // What an echo service (httpbin) at base_url sends: the request's headers, credentials included.
        await using var server = new LoopbackHttpServer("text/plain", $"Authorization: Bearer {secret}\nx-api-key: {secret}\n");
        using var client = Create(provider, server);

        var (error, _) = await CallAsync(client, streaming: false);

        Assert.Equal(ProviderErrorKind.UnexpectedResponse, error.Kind);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.Contains("starts with 'Authorization: Bearer ***", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, byte[]> CutStreams => new()
    {
        { "bedrock", "application/vnd.amazon.eventstream", Concat(
            EventStreamCodec.Encode(Event("messageStart"), """{"role":"assistant"}"""u8),
            EventStreamCodec.Encode(Event("contentBlockDelta"), """{"contentBlockIndex":0,"delta":{"text":"Half a sen"}}"""u8)) },
        { "anthropic", "text/event-stream", Encoding.UTF8.GetBytes("""
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Half a sen"}}


            """) },
        { "openai", "text/event-stream", Encoding.UTF8.GetBytes("""
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Half a sen"},"finish_reason":null}]}


            """) },
    };

    [Theory]
    [MemberData(nameof(CutStreams))]
    public async Task Stream_RealStartThenConnectionDrops_IsStillAStreamCut(string provider, string contentType, byte[] start)
    {
        await using var server = new LoopbackHttpServer(contentType, start, cutAfterBody: true);
        using var client = Create(provider, server);

        var (error, updates) = await CallAsync(client, streaming: true);

        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.Matches("cut|partial", error.Message);
        Assert.DoesNotContain("not an event stream", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not a Converse event stream", error.Message, StringComparison.Ordinal);
        Assert.Equal("Half a sen", updates.ToChatResponse().Text);
    }

    private static IChatClient Create(string provider, LoopbackHttpServer server) => provider switch
    {
        "bedrock" => BedrockProvider.Create(
            ModelSpec.Parse("bedrock." + HaikuId),
            Capabilities,
            new BedrockSettings { Region = "us-east-1", BaseUrl = server.BaseUrl },
            new DictionaryEnvironment(new() { ["AWS_BEARER_TOKEN_BEDROCK"] = BedrockToken }),
            new ThrowingCredentialChain()),
        "anthropic" => AnthropicProvider.CreateChatClient(ModelSpec.Parse("anthropic.claude-opus-4-7"), Capabilities,
            new AnthropicSettings { ApiKey = AnthropicKey, BaseUrl = server.BaseUrl }),
        _ => OpenAIProvider.CreateChatClient(ModelSpec.Parse("openai.gpt-5"), Capabilities,
            new OpenAISettings { ApiKey = OpenAIKey, BaseUrl = new Uri(server.BaseUrl, "/v1") }),
    };

    private static async Task<(ProviderException Error, List<ChatResponseUpdate> Updates)> CallAsync(IChatClient client, bool streaming)
    {
        var updates = new List<ChatResponseUpdate>();
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            if (!streaming)
            {
                await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
                return;
            }

            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                updates.Add(update);
            }
        });
        return (error, updates);
    }

    private static KeyValuePair<string, string>[] Event(string type) =>
        [new(":message-type", "event"), new(":event-type", type), new(":content-type", "application/json")];

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];
}
