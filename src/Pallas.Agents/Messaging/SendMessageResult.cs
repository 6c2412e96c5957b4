namespace Pallas.Agents.Messaging;

/// <summary>The result of one <c>send_message</c>.</summary>
/// <param name="Text">The final reply, or a one-line actionable error when <see cref="IsError"/>.</param>
/// <param name="Outcome">How the call ended.</param>
public sealed record SendMessageResult(string Text, SendMessageOutcome Outcome)
{
    /// <summary>Whether the result is an MCP tool error (<c>isError: true</c>).</summary>
    public bool IsError => Outcome is SendMessageOutcome.Error or SendMessageOutcome.Timeout or SendMessageOutcome.Cancelled;
}
