namespace Pallas.Hosting.Tasks;

/// <summary>
/// Where tasks live: this process (<see cref="MemoryTaskStore"/>) or Redis, shared by replicas (<see cref="RedisTaskStore"/>).
/// Every change is a compare-and-set from <see cref="AgentTaskStatus.Working"/>, so a cancel that wins is never
/// overwritten by the turn's late result, whichever replica each came from.
/// </summary>
internal interface ITaskStore : IAsyncDisposable
{
    /// <summary>Raised on every replica when any replica cancels a task, with its id: the one running it stops the turn.</summary>
    event Action<string>? CancelRequested;

    /// <summary>Stores a new working task; throws <see cref="TaskStoreUnavailableException"/> when the store cannot be reached.</summary>
    Task CreateAsync(AgentTask task, CancellationToken cancellationToken);

    /// <summary>The task, or <see langword="null"/> when it is unknown or expired.</summary>
    Task<AgentTask?> GetAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a task that is still working with <paramref name="next"/> (a new status message, or its end state);
    /// <see langword="false"/> when it is no longer working (cancelled, or expired) and nothing was written.
    /// </summary>
    Task<bool> UpdateAsync(AgentTask next, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a working task cancelled at <paramref name="now"/> and raises <see cref="CancelRequested"/> everywhere;
    /// the task afterwards (unchanged if it had already ended), or <see langword="null"/> when it is unknown.
    /// </summary>
    Task<AgentTask?> CancelAsync(string taskId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary><see langword="null"/> when the store answers; otherwise why not, in one line without secrets (health).</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
