using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Pallas.Agents.Pipeline;

/// <summary>
/// Enforces <c>streaming_timeout</c>: the longest wait for the next streamed update of one LLM call. The timer
/// restarts on every update, so long answers that keep streaming are never cut.
/// </summary>
internal sealed class StreamingIdleTimeoutChatClient(IChatClient innerClient, TimeSpan idleLimit) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Without a stream there are no intermediate events: the whole call is the idle period.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleLimit);
        try
        {
            return await base.GetResponseAsync(messages, options, idle.Token);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StreamingTimeoutException(idleLimit);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleLimit);
        await using var updates = base.GetStreamingResponseAsync(messages, options, idle.Token).GetAsyncEnumerator(idle.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await updates.MoveNextAsync();
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new StreamingTimeoutException(idleLimit);
            }

            if (!more)
            {
                yield break;
            }

            idle.CancelAfter(idleLimit);
            yield return updates.Current;
        }
    }
}
