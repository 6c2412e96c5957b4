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

    /// <summary>Completes once a progress message equal to <paramref name="message"/> was reported (bounded by 30 s).</summary>
    public async Task WaitForProgressAsync(string message, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        while (!Progress.Contains(message))
        {
            await Task.Delay(10, bound.Token);
        }
    }

    public ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken)
    {
        Chunks.Enqueue(chunk);
        return ValueTask.CompletedTask;
    }
}
