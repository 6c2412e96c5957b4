using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Pipeline;

/// <summary>
/// Fails a stream that ended without a finish reason: the SDKs end quietly when the connection drops mid-message,
/// while a complete stream always reports why it stopped.
/// </summary>
internal sealed class StreamCompletionChatClient(IChatClient innerClient, string provider) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = false;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            finished |= update.FinishReason is not null;
            yield return update;
        }

        if (!finished)
        {
            throw new ProviderException(provider, ProviderErrorKind.StreamInterrupted,
                $"the {provider} stream ended before the message was complete; the reply so far may be partial");
        }
    }
}
