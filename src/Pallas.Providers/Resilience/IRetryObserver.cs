namespace Pallas.Providers.Resilience;

/// <summary>
/// Told about each retry before its wait, so a caller watching a long call sees why nothing happens for seconds.
/// A call carries it in <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> under
/// <see cref="RetryingChatClient.ObserverKey"/>.
/// </summary>
public interface IRetryObserver
{
    /// <summary>A retry is about to wait <see cref="ProviderRetry.Delay"/>. Must not throw.</summary>
    ValueTask OnRetryAsync(ProviderRetry retry, CancellationToken cancellationToken);
}
