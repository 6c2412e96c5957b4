using Pallas.Hosting.Tasks;

namespace Pallas.Hosting.Tests.Tasks;

/// <summary>The store contract against <see cref="MemoryTaskStore"/>, on a clock moved by hand.</summary>
public sealed class MemoryTaskStoreContractTests : TaskStoreContractTests
{
    private readonly ManualTimeProvider _time = new();

    protected override TimeProvider Time => _time;

    protected override TimeSpan ShortTimeToLive => TimeSpan.FromMinutes(1);

    private protected override Task<ITaskStore> CreateStoreCoreAsync() => Task.FromResult<ITaskStore>(new MemoryTaskStore(_time));

    private protected override Task LetExpireAsync(ITaskStore store, AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _time.Advance(task.TimeToLive + TimeSpan.FromMilliseconds(1));
        return Task.CompletedTask;
    }
}
