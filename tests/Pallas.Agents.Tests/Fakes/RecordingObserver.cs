using System.Collections.Concurrent;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.Tests.Fakes;

/// <summary>Records what the runtime reports, in order.</summary>
internal sealed class RecordingObserver : IAgentObserver
{
    public ConcurrentQueue<string> Progress { get; } = new();

    public ConcurrentQueue<AssistantChunk> Chunks { get; } = new();

    public ValueTask OnProgressAsync(string message, CancellationToken cancellationToken)
    {
        Progress.Enqueue(message);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken)
    {
        Chunks.Enqueue(chunk);
        return ValueTask.CompletedTask;
    }
}
