using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Pallas.Agents.Runtime;

namespace Pallas.Agents.Pipeline;

/// <summary>
/// Sits under the tool loop, so it sees each LLM iteration: reports progress when one starts and an
/// <c>assistant_chunk</c> when it ends, to the turn carried in the call's options.
/// </summary>
internal sealed class IterationObserverChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turn = TurnContext.From(options);
        var iteration = await turn.StartIterationAsync(cancellationToken);
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        await turn.CompleteIterationAsync(iteration, response, cancellationToken);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var turn = TurnContext.From(options);
        var iteration = await turn.StartIterationAsync(cancellationToken);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
            yield return update;
        }

        await turn.CompleteIterationAsync(iteration, updates.ToChatResponse(), cancellationToken);
    }
}
