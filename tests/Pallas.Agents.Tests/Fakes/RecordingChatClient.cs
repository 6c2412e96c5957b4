using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Providers.Offline;

namespace Pallas.Agents.Tests.Fakes;

/// <summary>The passthrough model with a recorder in front: what each LLM call was sent.</summary>
internal sealed class RecordingChatClient() : DelegatingChatClient(OfflineChatClients.Create(ModelSpec.Parse("passthrough")))
{
    public ConcurrentQueue<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = new();

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(([.. messages], options));
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(([.. messages], options));
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }
}
