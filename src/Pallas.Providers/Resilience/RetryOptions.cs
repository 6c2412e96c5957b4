namespace Pallas.Providers.Resilience;

/// <summary>How <see cref="RetryingChatClient"/> retries transient provider failures.</summary>
public sealed record RetryOptions
{
    /// <summary>Default number of retries after the first attempt.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>Default first backoff delay; doubled per attempt, with jitter.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>Default ceiling of one backoff delay.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default ceiling for a server's <c>Retry-After</c>; a longer wait is shortened to this.</summary>
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>First backoff delay.</summary>
    public TimeSpan BaseDelay { get; init; } = DefaultBaseDelay;

    /// <summary>Ceiling of one backoff delay.</summary>
    public TimeSpan MaxDelay { get; init; } = DefaultMaxDelay;

    /// <summary>Ceiling for an honoured <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = DefaultMaxRetryAfter;

    /// <summary>The clock for delays (tests pass a fake one so nothing sleeps); the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
