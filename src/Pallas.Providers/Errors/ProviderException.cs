namespace Pallas.Providers.Errors;

/// <summary>
/// A provider failure, already translated for the caller: <see cref="Exception.Message"/> is one actionable line
/// with no secrets and no stack trace, and may be returned to MCP clients as the tool error text.
/// </summary>
public sealed class ProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">Provider name as in model strings (<c>bedrock</c>, <c>anthropic</c>, ...).</param>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">One line for the user: what failed and what to do.</param>
    /// <param name="retryAfter">Server-requested wait before a retry, if any.</param>
    /// <param name="innerException">The original failure, kept for logs at debug level.</param>
    public ProviderException(string provider, ProviderErrorKind kind, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        Kind = kind;
        RetryAfter = retryAfter;
    }

    /// <summary>Provider name as in model strings.</summary>
    public string Provider { get; }

    /// <summary>What went wrong.</summary>
    public ProviderErrorKind Kind { get; }

    /// <summary>Server-requested wait (<c>Retry-After</c>), if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether retrying may succeed: throttling, server errors and connection failures only.</summary>
    public bool IsTransient => Kind is ProviderErrorKind.Throttled or ProviderErrorKind.ServerError or ProviderErrorKind.Network;
}
