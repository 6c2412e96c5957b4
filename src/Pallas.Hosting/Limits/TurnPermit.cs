using Microsoft.AspNetCore.Http;

namespace Pallas.Hosting.Limits;

/// <summary>
/// A <c>concurrent_calls</c> permit held by one <c>send_message</c> request. A synchronous call gives it back when
/// its request ends; a task takes it (<see cref="TakeFrom"/>) and gives it back when the turn ends, because the turn
/// outlives the request that started it.
/// </summary>
internal sealed class TurnPermit(IDisposable lease) : IDisposable
{
    private IDisposable? _lease = lease;

    /// <summary>The permit of the current request, moved to the caller; a permit that returns nothing when no limit is set.</summary>
    public static TurnPermit TakeFrom(HttpContext? context) =>
        context?.Features.Get<TurnPermit>() is { } held ? new TurnPermit(held.Release()) : new TurnPermit(NoLease.Instance);

    /// <summary>Gives the permit back; only the first call does anything.</summary>
    public void Dispose() => Interlocked.Exchange(ref _lease, null)?.Dispose();

    private IDisposable Release() => Interlocked.Exchange(ref _lease, null) ?? NoLease.Instance;

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
