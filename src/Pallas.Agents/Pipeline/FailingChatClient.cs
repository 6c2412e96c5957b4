using Microsoft.Extensions.AI;
using Pallas.Providers.Errors;

namespace Pallas.Agents.Pipeline;

/// <summary>Stands in for a provider that could not be created: every call fails with the reason, as one line.</summary>
internal sealed class FailingChatClient(ProviderException reason) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromException<ChatResponse>(Rethrowable());

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw Rethrowable();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
        // Nothing held.
    }

    // A fresh exception per call: one exception object thrown from many calls would share its stack trace.
    private ProviderException Rethrowable() => new(reason.Provider, reason.Kind, reason.Message, reason.RetryAfter);
}
