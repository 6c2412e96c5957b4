using Pallas.Providers.Errors;

namespace Pallas.Providers.Resilience;

/// <summary>One retry about to wait: what failed and how long the wait is.</summary>
/// <param name="Provider">The provider's config name (<c>bedrock</c>, <c>anthropic</c>, …).</param>
/// <param name="Kind">Why the attempt failed (throttled, server error, network).</param>
/// <param name="Retry">Which retry this is, from 1.</param>
/// <param name="MaxRetries">How many retries there may be.</param>
/// <param name="Delay">The wait before it.</param>
public sealed record ProviderRetry(string Provider, ProviderErrorKind Kind, int Retry, int MaxRetries, TimeSpan Delay)
{
    /// <summary>One line for a progress notification, e.g. <c>bedrock throttled; retry 1 of 3 in 4.0 s</c>.</summary>
    public override string ToString()
    {
        var why = Kind switch
        {
            ProviderErrorKind.Throttled => "throttled",
            ProviderErrorKind.ServerError => "server error",
            ProviderErrorKind.Network => "unreachable",
            _ => "failed",
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Provider} {why}; retry {Retry} of {MaxRetries} in {Delay.TotalSeconds:0.0} s");
    }
}
