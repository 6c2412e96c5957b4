using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Workflows;

/// <summary>
/// fast-agent's <c>chain</c>: runs <c>sequence</c> in order, each output becoming the next input; with
/// <c>cumulative</c>, each step gets the whole transcript (request and every response so far).
/// The caller's history and images go to the first step only.
/// </summary>
internal sealed class ChainWorkflow(IReadOnlyList<WorkflowMember> steps, bool cumulative) : IWorkflow
{
    public static ChainWorkflow Create(AgentDefinition agent, Func<string, AgentRuntime> member)
    {
        return new ChainWorkflow([.. agent.Card.Workflow.Sequence.Select(name => new WorkflowMember(name, member(name)))], agent.Card.Workflow.Cumulative);
    }

    public async Task<SendMessageResult> RunAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        var input = request.Message;
        var transcript = WorkflowMember.Request(request.Message);
        SendMessageResult? last = null;
        for (var index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            await observer.OnProgressAsync($"Chain step {index + 1}/{steps.Count}: {step.Name}", cancellationToken);
            last = await step.RunAsync(request, cumulative ? transcript : input, withContext: index == 0, observer, cancellationToken);
            if (last.IsError)
            {
                return last with { Text = $"Chain step '{step.Name}' failed: {last.Text}" };
            }

            input = last.Text;
            transcript += "\n" + WorkflowMember.Response(step.Name, last.Text);
        }

        return last!;
    }
}
