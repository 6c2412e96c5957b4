namespace Pallas.Hosting.Client;

/// <summary>
/// Re-orders notifications that the MCP client dispatches concurrently: Pallas agents number progress 1, 2, 3... and
/// assistant chunks by iteration, so lines are passed on in that order, each as soon as its predecessors arrived.
/// </summary>
internal sealed class OrderedRelay(IProgress<string>? sink)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<double, string?> _pending = [];
    private double _next = 1;
    private TaskCompletionSource? _activity;

    /// <summary>Accepts item <paramref name="sequence"/>; <see langword="null"/> text still advances the sequence.</summary>
    public void Add(double sequence, string? text)
    {
        lock (_gate)
        {
            if (sequence < _next)
            {
                Emit(text);
                return;
            }

            _pending[sequence] = text;
            while (_pending.Remove(_next, out var ready))
            {
                Emit(ready);
                _next++;
            }

            _activity?.TrySetResult();
            _activity = null;
        }
    }

    /// <summary>
    /// Called once the reply arrived: the client may still be dispatching notifications that the server sent before
    /// it, so wait until none came for <paramref name="quiet"/> and no gap is left (at most <paramref name="limit"/>), then flush.
    /// </summary>
    public async Task SettleAsync(TimeSpan quiet, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(limit);
        try
        {
            while (true)
            {
                Task activity;
                lock (_gate)
                {
                    activity = (_activity ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }

                if (await Task.WhenAny(activity, Task.Delay(quiet, bound.Token)) != activity)
                {
                    lock (_gate)
                    {
                        if (_pending.Count == 0)
                        {
                            break;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The limit passed with a gap still open: show what arrived.
        }

        Flush();
    }

    /// <summary>Passes on whatever is still held back (a gap that will never fill), in order.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (var (sequence, text) in _pending)
            {
                Emit(text);
                _next = sequence + 1;
            }

            _pending.Clear();
        }
    }

    private void Emit(string? text)
    {
        if (sink is not null && !string.IsNullOrWhiteSpace(text))
        {
            sink.Report(text);
        }
    }
}
