using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Pallas.Agents.Pipeline;

namespace Pallas.Agents.Tests.Pipeline;

public sealed class StreamingIdleTimeoutChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStreamingResponseAsync_StreamGoesQuiet_ThrowsStreamingTimeout()
    {
        using var client = new StreamingIdleTimeoutChatClient(new StallingChatClient(), TimeSpan.FromMilliseconds(50));

        var exception = await Assert.ThrowsAsync<StreamingTimeoutException>(() => client.GetStreamingResponseAsync([new(ChatRole.User, "x")], cancellationToken: Ct).ToListAsync(Ct).AsTask());

        Assert.Contains("streaming_timeout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancels_IsNotReportedAsATimeout()
    {
        using var client = new StreamingIdleTimeoutChatClient(new StallingChatClient(), TimeSpan.FromMinutes(5));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var updates = client.GetStreamingResponseAsync([new(ChatRole.User, "x")], cancellationToken: cancel.Token).ToListAsync(Ct).AsTask();
        await cancel.CancelAsync();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => updates);
        Assert.IsNotType<StreamingTimeoutException>(exception);
    }

    /// <summary>Sends one update, then nothing until cancelled.</summary>
    private sealed class StallingChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
