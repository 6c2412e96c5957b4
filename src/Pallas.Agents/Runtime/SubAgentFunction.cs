using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Agents.Downstream;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.Runtime;

/// <summary>
/// A sub-agent (card <c>agents:</c>) offered to the parent model as the tool <c>agent__&lt;name&gt;</c> taking
/// <c>{message}</c>; each call runs a fresh turn of the child with the parent's caller, conversation and token.
/// </summary>
internal sealed class SubAgentFunction(AgentRuntime child, Func<string, CancellationToken, ValueTask> reportProgress, string? conversationId) : AIFunction
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","properties":{"message":{"type":"string","description":"The request for the agent."}},"required":["message"]}
        """).RootElement.Clone();

    public override string Name { get; } = ToolNaming.Namespaced("agent", child.Definition.Card.Name);

    public override string Description => child.Definition.Card.Description ?? $"Ask the '{child.Definition.Card.Name}' agent; it answers in text.";

    public override JsonElement JsonSchema => Schema;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var message = arguments.TryGetValue("message", out var value) ? value switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => null,
        } : null;
        if (message is null)
        {
            return new DownstreamToolResult("The 'message' argument (a string) is required.", IsError: true);
        }

        var request = new SendMessageRequest { Message = message, ConversationId = conversationId, InboundBearerToken = InboundBearerToken.Value };
        var result = await child.RunAsync(request, new ProgressOnlyObserver(reportProgress), cancellationToken);
        return new DownstreamToolResult(result.Text, result.IsError);
    }

    // The child's progress is the parent's progress; its assistant chunks are not relayed as top-level chunks
    // (that is what schema_version 3 relays are for, and those come from Pallas peers over MCP).
    private sealed class ProgressOnlyObserver(Func<string, CancellationToken, ValueTask> reportProgress) : IAgentObserver
    {
        public ValueTask OnProgressAsync(string message, CancellationToken cancellationToken) => reportProgress(message, cancellationToken);

        public ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
