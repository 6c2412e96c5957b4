using System.Net;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Errors;
using Pallas.Providers.OpenAI;
using Pallas.Providers.Tests.Anthropic;

namespace Pallas.Providers.Tests.OpenAI;

public sealed class OpenAIStreamTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_StreamCutBeforeFinishReason_IsStreamInterrupted()
    {
        const string chunks = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Half a sen"},"finish_reason":null}]}


            """;
        var handler = new CapturingHandler().Respond(HttpStatusCode.OK, chunks, "text/event-stream");
        using var client = OpenAIProvider.CreateChatClient(ModelSpec.Parse("openai.minimax.minimax-m2.5"), new ModelCapabilities(false, 196_000, 8_000),
            new OpenAISettings { ApiKey = "k", BaseUrl = new Uri("http://mantle.test/v1") }, handler);

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken)
                .ToChatResponseAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.Equal("openai", error.Provider);
    }
}
