using System.Collections.Concurrent;

namespace Pallas.Hosting.Tests.Fakes;

/// <summary>Collects items from callbacks and completes once the expected number arrived (bounded wait, no sleeps).</summary>
internal sealed class Collector<T>(int expected)
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(T item)
    {
        _items.Enqueue(item);
        if (_items.Count >= expected)
        {
            _done.TrySetResult();
        }
    }

    public async Task<IReadOnlyList<T>> WaitAsync()
    {
        await _done.Task.WaitAsync(RunningHost.Bound, TestContext.Current.CancellationToken);
        return [.. _items];
    }
}
