namespace Pallas.Hosting.Client;

/// <summary>What <c>send_message</c> returned.</summary>
/// <param name="Text">The reply, or the one-line error when <paramref name="IsError"/>.</param>
/// <param name="IsError">Whether the agent reported a tool error (<c>isError: true</c>).</param>
public sealed record AgentReply(string Text, bool IsError);
