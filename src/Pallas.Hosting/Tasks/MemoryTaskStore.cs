using System.Collections.Concurrent;

namespace Pallas.Hosting.Tasks;

/// <summary>Tasks in this process (<c>tasks.store: memory</c>, the default); each is forgotten <c>ttl</c> after its last change.</summary>
internal sealed class MemoryTaskStore(TimeProvider time) : ITaskStore
{
    private readonly ConcurrentDictionary<string, AgentTask> _tasks = new(StringComparer.Ordinal);

    public event Action<string>? CancelRequested;

    public Task CreateAsync(AgentTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        // Creating is the moment to forget the expired ones: memory stays bounded by the tasks of the last ttl.
        var now = time.GetUtcNow();
        foreach (var (id, expired) in _tasks.Where(pair => pair.Value.ExpiresAt <= now))
        {
            _tasks.TryRemove(new KeyValuePair<string, AgentTask>(id, expired));
        }

        _tasks[task.TaskId] = task;
        return Task.CompletedTask;
    }

    public Task<AgentTask?> GetAsync(string taskId, CancellationToken cancellationToken) => Task.FromResult(Live(taskId));

    public Task<bool> UpdateAsync(AgentTask next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Task.FromResult(Live(next.TaskId) is { IsTerminal: false } current && _tasks.TryUpdate(next.TaskId, next, current));
    }

    public Task<AgentTask?> CancelAsync(string taskId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (Live(taskId) is { } current)
        {
            if (current.IsTerminal)
            {
                return Task.FromResult<AgentTask?>(current);
            }

            var cancelled = current with { Status = AgentTaskStatus.Cancelled, LastUpdatedAt = now };
            if (_tasks.TryUpdate(taskId, cancelled, current))
            {
                CancelRequested?.Invoke(taskId);
                return Task.FromResult<AgentTask?>(cancelled);
            }
        }

        return Task.FromResult<AgentTask?>(null);
    }

    public Task<string?> ProbeAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private AgentTask? Live(string taskId) =>
        _tasks.TryGetValue(taskId, out var task) && task.ExpiresAt > time.GetUtcNow() ? task : null;
}
