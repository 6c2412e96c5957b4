using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Workflows;

/// <summary>
/// fast-agent's <c>parallel</c>: sends the request to every <c>fan_out</c> agent at once, then gives
/// <c>fan_in</c> the request (with <c>include_request</c>) and one <c>&lt;fastagent:response&gt;</c> per agent.
/// Without <c>fan_in</c> the combined responses are the answer.
/// </summary>
internal sealed class ParallelWorkflow(IReadOnlyList<WorkflowMember> fanOut, WorkflowMember? fanIn, bool includeRequest) : IWorkflow
{
    public static ParallelWorkflow Create(AgentDefinition agent, Func<string, AgentRuntime> member)
    {
        var spec = agent.Card.Workflow;
        return new ParallelWorkflow(
            [.. spec.FanOut.Select(name => new WorkflowMember(name, member(name)))],
            spec.FanIn is { } fanInName ? new WorkflowMember(fanInName, member(fanInName)) : null,
            spec.IncludeRequest);
    }

    public async Task<SendMessageResult> RunAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        await observer.OnProgressAsync($"Fan-out to {string.Join(", ", fanOut.Select(m => m.Name))}", cancellationToken);
        var results = await Task.WhenAll(fanOut.Select(member => member.RunAsync(request, request.Message, withContext: true, observer, cancellationToken)));

        // A failed member is reported in its slot rather than failing the whole fan-out: the fan-in can still work with the rest.
        var responses = fanOut.Zip(results, (member, result) => WorkflowMember.Response(member.Name, result.IsError ? $"Error: {result.Text}" : result.Text));
        var combined = string.Join("\n\n", includeRequest ? responses.Prepend(WorkflowMember.Request(request.Message)) : responses);
        if (fanIn is null)
        {
            return new SendMessageResult(combined, results.All(r => r.IsError) ? SendMessageOutcome.Error : SendMessageOutcome.Ok);
        }

        await observer.OnProgressAsync($"Fan-in: {fanIn.Name}", cancellationToken);
        return await fanIn.RunAsync(request, combined, withContext: false, observer, cancellationToken);
    }
}
