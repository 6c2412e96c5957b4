using Microsoft.Extensions.AI;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Pipeline;

/// <summary>
/// Fails every call with a key problem found when the client was created (<see cref="ApiKeyCheck"/>), without
/// sending: startup never needs credentials, and each call says what to fix.
/// </summary>
internal sealed class KeyProblemChatClient(IChatClient innerClient, ProviderException problem) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc/>
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromException<ChatResponse>(Fresh());

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw Fresh();

    // A fresh exception per call: a shared instance would accumulate stack traces across threads.
    private ProviderException Fresh() => new(problem.Provider, problem.Kind, problem.Message);
}
