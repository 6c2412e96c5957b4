using Microsoft.Extensions.Logging;
using Pallas.Agents.Logging;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.Runtime;

/// <summary>
/// Wraps the host's observer for one turn: reports go through one at a time (parallel tool calls and fan-out
/// members report concurrently, and progress must stay ordered), and a failing observer never fails the turn.
/// </summary>
internal sealed class GuardedObserver(IAgentObserver inner, ILogger logger) : IAgentObserver, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ValueTask OnProgressAsync(string message, CancellationToken cancellationToken) =>
        ReportAsync(inner.OnProgressAsync, message, cancellationToken);

    public ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken) =>
        ReportAsync(inner.OnAssistantChunkAsync, chunk, cancellationToken);

    private async ValueTask ReportAsync<T>(Func<T, CancellationToken, ValueTask> report, T value, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await report(value, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AgentLog.ObserverFailed(logger, exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
