using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;

namespace Pallas.Agents.Workflows;

/// <summary>One member agent of a workflow and how it is called.</summary>
internal sealed record WorkflowMember(string Name, AgentRuntime Runtime)
{
    /// <summary>Runs the member on <paramref name="message"/>; history and images go only where the caller says.</summary>
    public async Task<SendMessageResult> RunAsync(SendMessageRequest original, string message, bool withContext, IAgentObserver observer, CancellationToken cancellationToken)
    {
        var request = new SendMessageRequest
        {
            Message = message,
            History = withContext ? original.History : [],
            Images = withContext ? original.Images : [],
            ConversationId = original.ConversationId,
            InboundBearerToken = original.InboundBearerToken,
        };
        var result = await Runtime.RunAsync(request, observer, cancellationToken);

        // A member stopped by the workflow's own timeout or caller reports "cancelled"; the workflow must end the same way.
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>fast-agent's wrapping of one response in a workflow transcript.</summary>
    public static string Response(string agent, string text) => $"<fastagent:response agent=\"{agent}\">\n{text}\n</fastagent:response>";

    /// <summary>fast-agent's wrapping of the original request in a workflow transcript.</summary>
    public static string Request(string text) => $"<fastagent:request>\n{text}\n</fastagent:request>";
}
