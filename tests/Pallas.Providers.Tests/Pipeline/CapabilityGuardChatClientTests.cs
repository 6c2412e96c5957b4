using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Errors;
using Pallas.Providers.Pipeline;

namespace Pallas.Providers.Tests.Pipeline;

/// <summary>The one vision rule: images for a model without vision are refused before any provider sees them.</summary>
public sealed class CapabilityGuardChatClientTests
{
    private static readonly ModelSpec Model = ModelSpec.Parse("anthropic.claude-opus-4-7");
    private static readonly ModelCapabilities NoVision = new(Vision: false, ContextWindow: 200_000, MaxOutputTokens: 8000);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<AIContent> Images => new()
    {
        new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
        new UriContent(new Uri("https://example.test/cat.jpg"), "image/jpeg"),
    };

    [Theory]
    [MemberData(nameof(Images))]
    public async Task GetResponseAsync_ImageForModelWithoutVision_IsRefusedBeforeTheProvider(AIContent image)
    {
        var inner = new RecordingChatClient();
        using var client = new ChatClientBuilder(inner).UseCapabilityGuard(Model, NoVision).Build();

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([Look(image)], cancellationToken: Ct));

        Assert.Equal(("anthropic", ProviderErrorKind.Validation), (error.Provider, error.Kind));
        Assert.Equal(
            "The model 'anthropic.claude-opus-4-7' does not accept images (vision: false). Send text only, or, if the model does take images, "
            + "set model_capabilities: {vision: true} for this agent in agents.yaml.",
            error.Message);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ImageForModelWithoutVision_IsRefusedWhenEnumerated()
    {
        var inner = new RecordingChatClient();
        using var client = new ChatClientBuilder(inner).UseCapabilityGuard(Model, NoVision).Build();
        var stream = client.GetStreamingResponseAsync([Look(new DataContent(new byte[] { 1 }, "image/png"))], cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<ProviderException>(async () => await stream.ToListAsync(Ct));

        Assert.Contains("does not accept images (vision: false)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_ImageForVisionModel_ReachesTheProvider()
    {
        var inner = new RecordingChatClient();
        using var client = new ChatClientBuilder(inner).UseCapabilityGuard(Model, NoVision with { Vision = true }).Build();

        var response = await client.GetResponseAsync([Look(new DataContent(new byte[] { 1 }, "image/png"))], cancellationToken: Ct);

        Assert.Equal("answer", response.Text);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_TextForModelWithoutVision_ReachesTheProvider()
    {
        var inner = new RecordingChatClient();
        using var client = new ChatClientBuilder(inner).UseCapabilityGuard(Model, NoVision).Build();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: Ct);

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task ProviderChatClientFactory_AnyProvider_PutsTheGuardInFront()
    {
        // An offline model has no rules of its own: the refusal can only come from the factory's pipeline.
        using var client = ProviderChatClientFactory.Create(ModelSpec.Parse("passthrough"), NoVision, new PallasSettings());

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([Look(new DataContent(new byte[] { 1 }, "image/png"))], cancellationToken: Ct));

        Assert.StartsWith("The model 'passthrough' does not accept images", error.Message, StringComparison.Ordinal);
    }

    private static ChatMessage Look(AIContent image) => new(ChatRole.User, [new TextContent("What is this?"), image]);
}
