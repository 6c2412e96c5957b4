using System.Text.Json.Nodes;

namespace Pallas.Agents.Messaging;

/// <summary>What the model produced in one LLM iteration, relayed as an <c>assistant_chunk</c> notification.</summary>
/// <param name="Iteration">1-based LLM iteration within the call.</param>
/// <param name="Content">Content blocks: <c>{type: "text", text}</c>, <c>{type: "tool_use", id, name, input}</c>, ...</param>
/// <param name="StopReason">Why the model stopped: <c>endTurn</c>, <c>toolUse</c>, <c>maxTokens</c>, ...</param>
public sealed record AssistantChunk(int Iteration, JsonArray Content, string StopReason)
{
    /// <summary>Set when the iteration is a sub-agent's, relayed from a downstream Pallas agent; <see langword="null"/> for the agent's own.</summary>
    public ChunkRelay? Relay { get; init; }
}
