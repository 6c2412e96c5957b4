using System.Net;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Emulators.Anthropic;
using Pallas.Emulators.OpenAI;
using Pallas.Providers.Preflight;
using Pallas.Providers.Tests.Anthropic;

namespace Pallas.Providers.Tests.Preflight;

/// <summary>The startup probes: what they request, and the one-line results they turn every outcome into.</summary>
public sealed class ProviderPreflightTests : IAsyncLifetime
{
    private readonly AnthropicEmulator _anthropicMantle = new(new AnthropicEmulatorOptions { Mantle = true, ApiKey = "bedrock-key" });
    private readonly OpenAIEmulator _openAIMantle = new(new OpenAIEmulatorOptions { ApiKey = "bedrock-key" });
    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _time = new();

    public async ValueTask InitializeAsync()
    {
        await _anthropicMantle.StartAsync(TestContext.Current.CancellationToken);
        await _openAIMantle.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _anthropicMantle.DisposeAsync();
        await _openAIMantle.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_AnthropicOnMantle_GetsTheRegionRootModelWithBearerKey()
    {
        var result = await RunAsync("anthropic.claude-opus-4-7", AnthropicMantle("bedrock-key"));

        Assert.NotNull(result);
        Assert.True(result.Ok, result.Detail);
        Assert.Equal("anthropic", result.Provider);
        Assert.Equal(_time.GetUtcNow(), result.CheckedAt);
        var request = Assert.Single(_anthropicMantle.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/models/anthropic.claude-opus-4-7", request.Path);
        Assert.Equal("Bearer bedrock-key", request.Header("Authorization"));
        Assert.Equal("2023-06-01", request.Header("anthropic-version"));
        Assert.DoesNotContain("bedrock-key", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AnthropicOnMantleWithWrongKey_FailsWithTheMantle401Text()
    {
        var result = await RunAsync("anthropic.claude-opus-4-7", AnthropicMantle("expired"));

        Assert.NotNull(result);
        Assert.False(result.Ok);
        Assert.Equal("the Bedrock long-term API key is invalid or expired; regenerate it and update BEDROCK_API_KEY", result.Detail);
    }

    [Fact]
    public async Task RunAsync_SonnetOnMantle_PointsToTheBedrockProvider()
    {
        var result = await RunAsync("anthropic.claude-sonnet-4-6", AnthropicMantle("bedrock-key"));

        Assert.NotNull(result);
        Assert.False(result.Ok);
        Assert.StartsWith("Claude Sonnet 4.6 has no Mantle endpoint", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AnthropicDirect_SendsXApiKeyToModelsOfTheBaseUrl()
    {
        var handler = new CapturingHandler().Respond(HttpStatusCode.OK, """{"type":"model","id":"claude-opus-4-7","display_name":"Claude Opus 4.7"}""");
        using var http = new HttpClient(handler);
        var settings = new PallasSettings { Anthropic = new AnthropicSettings { ApiKey = "sk-ant" } };

        var result = await ProviderPreflight.RunAsync(ModelSpec.Parse("anthropic.claude-opus-4-7"), settings, http, _time, TestContext.Current.CancellationToken);

        Assert.True(result!.Ok, result.Detail);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://api.anthropic.com/v1/models/claude-opus-4-7", request.Uri.ToString());
        Assert.Equal("sk-ant", request.Headers["x-api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task RunAsync_OpenAIModelListed_IsOk()
    {
        var result = await RunAsync("openai.minimax.minimax-m2.5", OpenAIMantle("bedrock-key"));

        Assert.True(result!.Ok, result.Detail);
        Assert.Equal("openai", result.Provider);
        var request = Assert.Single(_openAIMantle.Requests);
        Assert.Equal("/v1/models", request.Path);
        Assert.Equal("Bearer bedrock-key", request.Header("Authorization"));
    }

    [Fact]
    public async Task RunAsync_OpenAIModelMissingFromList_ReportsItByName()
    {
        var result = await RunAsync("openai.minimax.minimax-m3", OpenAIMantle("bedrock-key"));

        Assert.False(result!.Ok);
        Assert.Contains("model 'minimax.minimax-m3' is not served", result.Detail, StringComparison.Ordinal);
        Assert.Contains("minimax.minimax-m2.5", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OpenAIOnMantleWithWrongKey_FailsWithTheMantle401Text()
    {
        var result = await RunAsync("openai.minimax.minimax-m2.5", OpenAIMantle("expired"));

        Assert.False(result!.Ok);
        Assert.Equal("the Bedrock long-term API key is invalid or expired; regenerate it and update BEDROCK_API_KEY", result.Detail);
    }

    [Fact]
    public async Task RunAsync_GenericServerWithNonOpenAIList_ChecksStatusOnly()
    {
        var handler = new CapturingHandler().Respond(HttpStatusCode.OK, "llama3.2 loaded", "text/plain");
        using var http = new HttpClient(handler);
        var settings = new PallasSettings { Generic = new GenericSettings { BaseUrl = new Uri("http://127.0.0.1:8080/v1") } };

        var result = await ProviderPreflight.RunAsync(ModelSpec.Parse("generic.some-model-not-listed"), settings, http, _time, TestContext.Current.CancellationToken);

        Assert.True(result!.Ok, result.Detail);
        Assert.Equal("generic", result.Provider);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:8080/v1/models", request.Uri.ToString());
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData("anthropic.claude-opus-4-7")]
    [InlineData("openai.minimax.minimax-m2.5")]
    public async Task RunAsync_CaptivePortalAnswers200_IsNotOkAndSaysTheBodyIsNotJson(string model)
    {
        var handler = new CapturingHandler().Respond(HttpStatusCode.OK, "<!DOCTYPE html><html><title>Guest Wi-Fi</title></html>", "text/html");
        using var http = new HttpClient(handler);
        var settings = new PallasSettings
        {
            Anthropic = new AnthropicSettings { ApiKey = "sk-ant", BaseUrl = new Uri("http://portal.test") },
            OpenAI = new OpenAISettings { ApiKey = "sk-openai", BaseUrl = new Uri("http://portal.test/v1") },
        };

        var result = await ProviderPreflight.RunAsync(ModelSpec.Parse(model), settings, http, _time, TestContext.Current.CancellationToken);

        Assert.False(result!.Ok);
        Assert.Contains("answered HTTP 200 with a body that is not JSON (content-type text/html; starts with '<!DOCTYPE html><html><title>Guest Wi-Fi<…')", result.Detail, StringComparison.Ordinal);
        Assert.Contains("a proxy or captive portal may be answering", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_GenericServerError_IsNotOk()
    {
        var handler = new CapturingHandler().Respond(HttpStatusCode.ServiceUnavailable, "loading model");
        using var http = new HttpClient(handler);

        var result = await ProviderPreflight.RunAsync(ModelSpec.Parse("generic.llama3.2"), new PallasSettings(), http, _time, TestContext.Current.CancellationToken);

        Assert.False(result!.Ok);
        Assert.Contains("503", result.Detail, StringComparison.Ordinal);
        Assert.Equal("http://localhost:11434/v1/models", Assert.Single(handler.Requests).Uri.ToString());
    }

    [Theory]
    [InlineData("bedrock.us.anthropic.claude-sonnet-4-6")]
    [InlineData("passthrough")]
    [InlineData("slow")]
    public async Task RunAsync_ProviderWithoutPreflight_ReturnsNullWithoutRequests(string model)
    {
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler);

        var result = await ProviderPreflight.RunAsync(ModelSpec.Parse(model), new PallasSettings(), http, _time, TestContext.Current.CancellationToken);

        Assert.Null(result);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task RunAsync_UnresolvedKeyVariable_FailsWithoutRequest()
    {
        var result = await RunAsync("anthropic.claude-opus-4-7", AnthropicMantle("${BEDROCK_API_KEY}"));

        Assert.False(result!.Ok);
        Assert.Contains("BEDROCK_API_KEY is not set", result.Detail, StringComparison.Ordinal);
        Assert.Empty(_anthropicMantle.Requests);
    }

    [Fact]
    public async Task RunAsync_UnreachableEndpoint_IsNotOkAndDoesNotThrow()
    {
        using var http = new HttpClient(new ThrowingHandler(new HttpRequestException("Connection refused")));

        var result = await ProviderPreflight.RunAsync(ModelSpec.Parse("openai.minimax.minimax-m2.5"), OpenAIMantle("bedrock-key"), http, _time, TestContext.Current.CancellationToken);

        Assert.False(result!.Ok);
        Assert.Contains("could not reach openai", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EndpointNeverAnswers_TimesOutAfterTenSeconds()
    {
        var handler = new HangingHandler();
        using var http = new HttpClient(handler);

        var run = ProviderPreflight.RunAsync(ModelSpec.Parse("openai.minimax.minimax-m2.5"), OpenAIMantle("bedrock-key"), http, _time, TestContext.Current.CancellationToken);
        await handler.Sent.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.False(result!.Ok);
        Assert.Contains("did not answer within 10 s", result.Detail, StringComparison.Ordinal);
    }

    private Task<PreflightResult?> RunAsync(string model, PallasSettings settings) =>
        ProviderPreflight.RunAsync(ModelSpec.Parse(model), settings, _http, _time, TestContext.Current.CancellationToken);

    private PallasSettings AnthropicMantle(string key) => new()
    {
        Anthropic = new AnthropicSettings { ApiKey = key, BaseUrl = _anthropicMantle.BaseUrl, Mantle = true },
    };

    private PallasSettings OpenAIMantle(string key) => new()
    {
        OpenAI = new OpenAISettings { ApiKey = key, BaseUrl = _openAIMantle.BaseUrl, Mantle = true },
    };
}
