namespace Pallas.Agents.Pipeline;

/// <summary>The model's stream went quiet for longer than <c>streaming_timeout</c>.</summary>
internal sealed class StreamingTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for the given idle limit.</summary>
    public StreamingTimeoutException(TimeSpan idleLimit)
        : base($"The model sent nothing for {idleLimit.TotalSeconds:0.#} s (streaming_timeout).") => IdleLimit = idleLimit;

    /// <summary>Creates the exception.</summary>
    public StreamingTimeoutException()
        : this(TimeSpan.Zero)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StreamingTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StreamingTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The idle limit that expired.</summary>
    public TimeSpan IdleLimit { get; }
}
