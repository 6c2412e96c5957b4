using Microsoft.Extensions.AI;
using Pallas.Agents.History;
using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Workflows;

/// <summary>
/// fast-agent's <c>router</c>: the router's model picks one of <c>agents</c> (answering
/// <c>{"agent", "confidence", "reasoning"}</c>) and that agent answers the request. With a single agent there is
/// nothing to decide and no model call.
/// </summary>
internal sealed class RouterWorkflow(IReadOnlyList<WorkflowMember> agents, IChatClient model, Func<string> instruction) : IWorkflow
{
    public static RouterWorkflow Create(AgentDefinition agent, Func<string, AgentRuntime> member, IChatClient model, Func<string> instruction)
    {
        return new RouterWorkflow([.. agent.Card.Agents.Select(name => new WorkflowMember(name, member(name)))], model, instruction);
    }

    public async Task<SendMessageResult> RunAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        var chosen = agents.Count == 1 ? agents[0] : null;
        if (chosen is null)
        {
            var response = await model.GetResponseAsync(RoutingConversation(request), new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, cancellationToken);
            var name = PickedAgent(response.Text);
            chosen = agents.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return new SendMessageResult(
                    $"The router could not choose an agent (it answered {(name is null ? "without an 'agent'" : $"'{name}'")}; expected one of {string.Join(", ", agents.Select(a => a.Name))}).",
                    SendMessageOutcome.Error);
            }
        }

        await observer.OnProgressAsync($"Routing to {chosen.Name}", cancellationToken);
        return await chosen.RunAsync(request, request.Message, withContext: true, observer, cancellationToken);
    }

    private List<ChatMessage> RoutingConversation(SendMessageRequest request)
    {
        var catalogue = string.Join("\n", agents.Select(a => $"- {a.Name}: {a.Runtime.Definition.Card.Description ?? "(no description)"}"));
        var system = $"""
            {instruction()}

            You route requests to the agent best able to answer them. The agents are:
            {catalogue}

            Answer only with JSON: {"{"}"agent": "<name>", "confidence": "high|medium|low", "reasoning": "<one sentence>"{"}"}
            """.Trim();
        var history = HistoryParser.Parse(request.History, static (_, _) => { });
        return ConversationBuilder.Build(system, history, request with { Images = [] }, out _);
    }

    private static string? PickedAgent(string text) =>
        JsonAnswer.Find(text, element => JsonAnswer.String(element, "agent") is not null) is { } answer ? JsonAnswer.String(answer, "agent") : null;
}
