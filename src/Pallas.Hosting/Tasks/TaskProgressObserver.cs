using Pallas.Agents.Messaging;

namespace Pallas.Hosting.Tasks;

/// <summary>
/// The observer of a task's turn: each progress message becomes the task's <c>statusMessage</c>, which is what a
/// polling client sees. Assistant chunks have no stream to go to once the <c>CreateTaskResult</c> is sent; the reply
/// is in the result. A write the store refuses means the task was cancelled (or expired) elsewhere: the turn stops,
/// even if the cancel's pub/sub message never arrived.
/// </summary>
internal sealed class TaskProgressObserver(ITaskStore store, AgentTask task, TimeProvider time, CancellationTokenSource cancellation) : IAgentObserver, IDisposable
{
    // Tool calls may report progress in parallel; each write starts from the last one.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AgentTask _current = task;

    /// <summary>The task as last written.</summary>
    public AgentTask Current => Volatile.Read(ref _current);

    public async ValueTask OnProgressAsync(string message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var next = _current with { StatusMessage = message, LastUpdatedAt = time.GetUtcNow() };
            if (await store.UpdateAsync(next, cancellationToken))
            {
                Volatile.Write(ref _current, next);
            }
            else
            {
                await cancellation.CancelAsync();
            }
        }
        catch (TaskStoreUnavailableException)
        {
            // The store is away for a moment: the turn goes on, and its end is written when it is back.
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose() => _gate.Dispose();
}
