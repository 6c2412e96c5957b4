namespace Pallas.Agents.Messaging;

/// <summary>Labels of <see cref="SendMessageOutcome"/>.</summary>
public static class SendMessageOutcomeExtensions
{
    /// <summary>The lower-case <c>outcome</c> label of <c>pallas_send_message_total</c>: ok, error, timeout, loop_aborted, max_iterations, cancelled.</summary>
    public static string ToMetricLabel(this SendMessageOutcome outcome) => outcome switch
    {
        SendMessageOutcome.Ok => "ok",
        SendMessageOutcome.Error => "error",
        SendMessageOutcome.Timeout => "timeout",
        SendMessageOutcome.LoopAborted => "loop_aborted",
        SendMessageOutcome.MaxIterations => "max_iterations",
        SendMessageOutcome.Cancelled => "cancelled",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
