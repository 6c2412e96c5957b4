using System.Net;
using System.Text;
using Pallas.Emulators.Anthropic;

namespace Pallas.Providers.Tests.Anthropic;

/// <summary>
/// The Mantle emulator rejects what Mantle rejects, so the provider tests above would catch a shim regression:
/// these send the raw requests the shims exist to prevent.
/// </summary>
public sealed class MantleEmulatorFidelityTests : IAsyncLifetime
{
    private const string ToolTurn = """
        {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"fs__read","input":{},"caller":null}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"x"}]}
        """;

    private readonly AnthropicEmulator _mantle = new(new AnthropicEmulatorOptions { Mantle = true, ApiKey = "bedrock-key" });
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync() => await _mantle.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _mantle.DisposeAsync();
    }

    [Fact]
    public async Task Messages_UnprefixedModel_Is404DoesNotExist()
    {
        var (status, body) = await PostAsync("""{"model":"claude-opus-4-7","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("The model 'claude-opus-4-7' does not exist", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_NullCallerOnReplayedToolUse_Is400()
    {
        var (status, body) = await PostAsync($$"""{"model":"anthropic.claude-opus-4-7","max_tokens":10,"messages":[{"role":"user","content":"hi"},{{ToolTurn}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("messages.1.content.0.tool_use.caller: Input should be a valid dictionary or object to extract fields from", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"anthropic.claude-opus-4-7","max_tokens":10,"thinking":{"type":"adaptive"},"messages":[{"role":"user","content":"hi"}]}""", null)]
    [InlineData("""{"model":"anthropic.claude-opus-4-7","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}]}""", null)]
    [InlineData("""{"model":"anthropic.claude-opus-4-7","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", "prompt-caching-2024-07-31")]
    public async Task Messages_FeatureMantleDoesNotServe_IsMisleading404(string request, string? beta)
    {
        var (status, body) = await PostAsync(request, beta);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("The model 'anthropic.claude-opus-4-7' does not exist", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_CleanRequest_IsAnswered()
    {
        var (status, body) = await PostAsync("""{"model":"anthropic.claude-opus-4-7","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("emulator: hi", body, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string json, string? beta = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_mantle.BaseUrl + "/v1/messages"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer bedrock-key");
        request.Headers.Add("anthropic-version", "2023-06-01");
        if (beta is not null)
        {
            request.Headers.Add("anthropic-beta", beta);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
