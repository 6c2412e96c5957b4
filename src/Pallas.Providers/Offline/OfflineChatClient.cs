using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Pallas.Providers.Offline;

/// <summary>
/// What every in-process test model shares: a complete answer computed up front, streamed as its updates, metadata
/// naming fast-agent as the provider, and nothing to dispose.
/// </summary>
internal abstract class OfflineChatClient(string modelId) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new("fast-agent", defaultModelId: modelId);

    protected string ModelId => modelId;

    public abstract Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Nothing held.
        GC.SuppressFinalize(this);
    }
}
