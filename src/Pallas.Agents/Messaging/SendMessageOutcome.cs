namespace Pallas.Agents.Messaging;

/// <summary>How a <c>send_message</c> ended; the <c>outcome</c> label of <c>pallas_send_message_total</c>.</summary>
public enum SendMessageOutcome
{
    /// <summary>The model answered.</summary>
    Ok,

    /// <summary>The call failed (provider, tool or input error).</summary>
    Error,

    /// <summary><c>turn_timeout</c> or <c>streaming_timeout</c> expired.</summary>
    Timeout,

    /// <summary>The loop guard stopped repeated identical tool rounds.</summary>
    LoopAborted,

    /// <summary><c>max_iterations</c> was reached; the answer is partial.</summary>
    MaxIterations,

    /// <summary>The caller cancelled, or the server is shutting down.</summary>
    Cancelled,
}
