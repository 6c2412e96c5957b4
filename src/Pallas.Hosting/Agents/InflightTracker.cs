namespace Pallas.Hosting.Agents;

/// <summary>Counts running <c>send_message</c> calls so that shutdown can wait for them to finish.</summary>
internal sealed class InflightTracker
{
    private readonly Lock _gate = new();
    private int _count;
    private TaskCompletionSource? _idle;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Marks one call as started; dispose the result when it ends.</summary>
    public IDisposable Enter()
    {
        lock (_gate)
        {
            _count++;
        }

        return new Exit(this);
    }

    /// <summary>Completes when no call is running, or throws when <paramref name="cancellationToken"/> fires first.</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private void Leave()
    {
        lock (_gate)
        {
            _count--;
            if (_count == 0 && _idle is { } idle)
            {
                _idle = null;
                idle.TrySetResult();
            }
        }
    }

    private sealed class Exit(InflightTracker owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}
