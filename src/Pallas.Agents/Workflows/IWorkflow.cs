using Pallas.Agents.Messaging;

namespace Pallas.Agents.Workflows;

/// <summary>A workflow card (<c>chain</c>, <c>parallel</c>): runs member agents instead of a model of its own.</summary>
internal interface IWorkflow
{
    /// <summary>Runs one request through the members; cancellation (turn timeout, caller) propagates as an exception.</summary>
    Task<SendMessageResult> RunAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken);
}
