using Pallas.Hosting.Tasks;
using Pallas.Tests.Shared;

namespace Pallas.Hosting.Tests.Tasks;

/// <summary>The store contract against <see cref="RedisTaskStore"/> on a real redis-server of its own.</summary>
public sealed class RedisTaskStoreContractTests : TaskStoreContractTests
{
    private RedisServer? _server;

    protected override TimeProvider Time => TimeProvider.System;

    // Short so that the test does not wait long for Redis to expire the key; nothing asserts how soon it goes.
    protected override TimeSpan ShortTimeToLive => TimeSpan.FromMilliseconds(300);

    private protected override async Task<ITaskStore> CreateStoreCoreAsync()
    {
        _server ??= await RedisServer.StartAsync();
        return await RedisTaskStore.ConnectAsync(_server.Url(), TimeProvider.System, Token);
    }

    private protected override async Task LetExpireAsync(ITaskStore store, AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(task);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(Bound);
        while (await store.GetAsync(task.TaskId, Token) is not null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), bound.Token);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
