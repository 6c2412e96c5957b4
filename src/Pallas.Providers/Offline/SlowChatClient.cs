using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Pallas.Providers.Offline;

/// <summary>fast-agent's <c>slow</c> model: waits (3 s by default) before each passthrough reply.</summary>
/// <remarks>The wait runs on an injectable <see cref="TimeProvider"/> so tests control time instead of sleeping.</remarks>
internal sealed class SlowChatClient(IChatClient innerClient, TimeSpan delay, TimeProvider timeProvider) : DelegatingChatClient(innerClient)
{
    /// <summary>fast-agent's delay.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(3);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, timeProvider, cancellationToken);
        return await base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, timeProvider, cancellationToken);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }
    }
}
