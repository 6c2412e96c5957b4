using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Agents.History;
using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Workflows;

/// <summary>
/// fast-agent's <c>orchestrator</c>: its model plans steps of tasks for <c>agents</c> (all at once with
/// <c>plan_type: full</c>, or one step at a time with <c>iterative</c>, at most <c>plan_iterations</c> steps), the
/// tasks of a step run in parallel, and the model writes the final answer from the results.
/// </summary>
internal sealed class OrchestratorWorkflow(IReadOnlyList<WorkflowMember> agents, IChatClient model, Func<string> instruction, bool iterative, int planIterations) : IWorkflow
{
    public static OrchestratorWorkflow Create(AgentDefinition agent, Func<string, AgentRuntime> member, IChatClient model, Func<string> instruction)
    {
        var spec = agent.Card.Workflow;
        return new OrchestratorWorkflow(
            [.. agent.Card.Agents.Select(name => new WorkflowMember(name, member(name)))], model, instruction, spec.PlanType == PlanType.Iterative, Math.Max(1, spec.PlanIterations));
    }

    public async Task<SendMessageResult> RunAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        var results = new StringBuilder();
        var steps = 0;
        while (steps < planIterations)
        {
            await observer.OnProgressAsync(iterative ? $"Planning step {steps + 1}" : "Planning", cancellationToken);
            var plan = await AskAsync(request, PlanningPrompt(results.ToString()), cancellationToken);
            if (JsonAnswer.Find(plan, element => element.TryGetProperty(iterative ? "step" : "steps", out _) || element.TryGetProperty("is_complete", out _)) is not { } answer)
            {
                return new SendMessageResult("The orchestrator's model did not answer with a plan in JSON; try a stronger model for this agent.", SendMessageOutcome.Error);
            }

            var planned = iterative
                ? answer.TryGetProperty("step", out var step) && step.ValueKind == JsonValueKind.Object ? [step] : new List<JsonElement>()
                : answer.TryGetProperty("steps", out var all) && all.ValueKind == JsonValueKind.Array ? [.. all.EnumerateArray()] : [];
            foreach (var item in planned.Take(planIterations - steps))
            {
                steps++;
                await observer.OnProgressAsync($"Step {steps}: {JsonAnswer.String(item, "description") ?? "(no description)"}", cancellationToken);
                results.AppendLine(await RunStepAsync(request, item, results.ToString(), observer, cancellationToken));
            }

            var complete = answer.TryGetProperty("is_complete", out var done) && done.ValueKind == JsonValueKind.True;
            if (!iterative || complete || planned.Count == 0)
            {
                break;
            }
        }

        await observer.OnProgressAsync("Writing the answer", cancellationToken);
        var final = await AskAsync(request, $"""
            The work is done. Using the results below, write the final answer to the objective for the user.
            {results}
            """, cancellationToken);
        return new SendMessageResult(final, SendMessageOutcome.Ok);
    }

    private async Task<string> RunStepAsync(SendMessageRequest request, JsonElement step, string previous, IAgentObserver observer, CancellationToken cancellationToken)
    {
        var tasks = step.TryGetProperty("tasks", out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : new List<JsonElement>();
        var outputs = await Task.WhenAll(tasks.Select(async task =>
        {
            var name = JsonAnswer.String(task, "agent") ?? "";
            var member = agents.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
            if (member is null)
            {
                return WorkflowMember.Response(name, $"Error: there is no agent named '{name}'.");
            }

            var message = $"""
                Objective: {request.Message}

                Previous results:
                {(previous.Length > 0 ? previous : "(none)")}

                Your task: {JsonAnswer.String(task, "description") ?? request.Message}
                """;
            var result = await member.RunAsync(request, message, withContext: false, observer, cancellationToken);
            return WorkflowMember.Response(member.Name, result.IsError ? $"Error: {result.Text}" : result.Text);
        }));
        return string.Join("\n", outputs);
    }

    private string PlanningPrompt(string results)
    {
        var catalogue = string.Join("\n", agents.Select(a => $"- {a.Name}: {a.Runtime.Definition.Card.Description ?? "(no description)"}"));
        var shape = iterative
            ? """{"step": {"description": "...", "tasks": [{"agent": "<name>", "description": "<what to ask>"}]}, "is_complete": false}"""
            : """{"steps": [{"description": "...", "tasks": [{"agent": "<name>", "description": "<what to ask>"}]}], "is_complete": false}""";
        return $"""
            Plan how the agents below accomplish the objective{(iterative ? ": give only the next step, or is_complete: true when the results suffice" : "")}.
            Agents:
            {catalogue}

            Results so far:
            {(results.Length > 0 ? results : "(none)")}

            Answer only with JSON: {shape}
            """;
    }

    private async Task<string> AskAsync(SendMessageRequest request, string task, CancellationToken cancellationToken)
    {
        var system = $"{instruction()}\n\n{task}".Trim();
        var history = HistoryParser.Parse(request.History, static (_, _) => { });
        var response = await model.GetResponseAsync(ConversationBuilder.Build(system, history, request with { Images = [] }, out _), cancellationToken: cancellationToken);
        return response.Text;
    }
}
