using Microsoft.Extensions.Logging;
using Pallas.Configuration.Tasks;

namespace Pallas.Hosting.Tasks;

/// <summary>Opens the task store <c>tasks.store</c> names and the coordinator on it.</summary>
internal static class TaskStores
{
    /// <summary>
    /// The coordinator of this process. A Redis that is down does not stop Pallas from starting: synchronous calls
    /// work without it, new tasks are refused until it answers, and health says why.
    /// </summary>
    public static async Task<TaskCoordinator> CreateCoordinatorAsync(TaskSettings settings, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ITaskStore store = settings.Store switch
        {
            TaskStoreKind.Redis => await RedisTaskStore.ConnectAsync(
                settings.RedisUrl ?? throw new InvalidOperationException("tasks.store is redis without redis_url; the configuration reader refuses that."),
                time,
                cancellationToken),
            _ => new MemoryTaskStore(time),
        };
        return new TaskCoordinator(store, settings, time, loggers.CreateLogger<TaskCoordinator>());
    }
}
