using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pallas.Agents.Messaging;

/// <summary>
/// The <c>data</c> of an <c>assistant_chunk</c> notification, field for field and in order as on the wire (CONTRACT §9;
/// docs/mcp-surface.md). The agent that sends a chunk writes it, a calling Pallas agent that relays it reads it, both
/// through <see cref="AssistantChunkJsonContext"/>; the rules of both directions are here, each in one place.
/// </summary>
/// <remarks>
/// <c>via_agent</c> and <c>parent_call_id</c> are present exactly when <c>schema_version</c> is
/// <see cref="AssistantChunkWire.RelayedSchemaVersion"/>; <c>conversation_id</c> is always written, <c>null</c> included.
/// </remarks>
public sealed record AssistantChunkData
{
    /// <summary>Always <see cref="AssistantChunkWire.Kind"/>; a reader refuses anything else.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary><see cref="AssistantChunkWire.SchemaVersion"/>, or <see cref="AssistantChunkWire.RelayedSchemaVersion"/> with the relay fields.</summary>
    [JsonPropertyName("schema_version")]
    public required int SchemaVersion { get; init; }

    /// <summary>The agent whose LLM iteration this is.</summary>
    [JsonPropertyName("agent")]
    public required string Agent { get; init; }

    /// <summary>The <c>conversation_id</c> the receiving caller sent, <see langword="null"/> if none.</summary>
    /// <remarks>
    /// Written, never read (the setter is not the serializer's): an agent that relays a chunk puts its own caller's id
    /// on it, so a sub-agent's is not looked at, whatever it holds.
    /// </remarks>
    [JsonPropertyName("conversation_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ConversationId { get; private init; }

    /// <summary>1-based LLM iteration within the call of <see cref="Agent"/>.</summary>
    [JsonPropertyName("iteration")]
    public required int Iteration { get; init; }

    /// <summary>Content blocks: <c>{type: "text", text}</c>, <c>{type: "tool_use", id, name, input}</c>, ...</summary>
    /// <remarks>
    /// JSON rather than typed blocks: the runtime builds them as JSON (<c>input</c> is free-form, and there are block
    /// types besides these two, e.g. <c>thinking</c>), and a relay passes on what it does not know; a typed model would
    /// only add a place to lose a block.
    /// </remarks>
    [JsonPropertyName("content")]
    [JsonConverter(typeof(ContentBlocksConverter))]
    public required JsonArray Content { get; init; }

    /// <summary>Why the model stopped: <c>endTurn</c>, <c>toolUse</c>, <c>maxTokens</c>, ...</summary>
    [JsonPropertyName("stop_reason")]
    public required string StopReason { get; init; }

    /// <summary>The path from the receiver down to <see cref="Agent"/>, outermost first; relayed chunks only.</summary>
    [JsonPropertyName("via_agent")]
    public IReadOnlyList<string>? ViaAgent { get; init; }

    /// <summary>The tool-call id, in the iteration one level up, that invoked <see cref="Agent"/>; relayed chunks only.</summary>
    [JsonPropertyName("parent_call_id")]
    public string? ParentCallId { get; init; }

    // The one depth rule: the sender drops a chunk it would make deeper, the receiver one that arrives deeper.
    private bool IsWithinRelayDepth => ViaAgent is not { Count: > AssistantChunkWire.MaxRelayDepth };

    /// <summary>
    /// What an agent sends for <paramref name="chunk"/>: <c>schema_version</c> 2 for its own iteration sent to a plain
    /// caller; 3 with <c>via_agent</c> and <c>parent_call_id</c> for a relayed iteration or a Pallas caller.
    /// <see langword="null"/> when <c>via_agent</c> would exceed <see cref="AssistantChunkWire.MaxRelayDepth"/>.
    /// </summary>
    /// <param name="chunk">The iteration.</param>
    /// <param name="agent">The sending agent's name.</param>
    /// <param name="conversationId">The caller's <c>conversation_id</c>, also on relayed chunks (the caller's conversation).</param>
    /// <param name="caller">The calling Pallas agent's relay request, if the caller is one.</param>
    public static AssistantChunkData? From(AssistantChunk chunk, string agent, string? conversationId, InboundRelay? caller = null)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var data = new AssistantChunkData
        {
            Kind = AssistantChunkWire.Kind,
            SchemaVersion = AssistantChunkWire.SchemaVersion,
            Agent = chunk.Relay?.Agent ?? agent,
            ConversationId = conversationId,
            Iteration = chunk.Iteration,
            Content = chunk.Content,
            StopReason = chunk.StopReason,
        };
        if (chunk.Relay is null && caller is null)
        {
            return data;
        }

        // via_agent is the path from the receiver down to the producing agent: this agent heads it only when its
        // caller is a Pallas agent that will pass it further up.
        IEnumerable<string> below = chunk.Relay?.ViaAgent ?? [];
        var relayed = data with
        {
            SchemaVersion = AssistantChunkWire.RelayedSchemaVersion,
            ViaAgent = [.. caller is null ? below : below.Prepend(agent)],
            ParentCallId = chunk.Relay?.ParentCallId ?? caller!.ParentCallId,
        };
        return relayed.IsWithinRelayDepth ? relayed : null;
    }

    /// <summary>
    /// The sub-agent iteration a calling Pallas agent relays from this data; <see langword="null"/> unless it is a
    /// <c>schema_version</c> 3 chunk naming its agent and parent call, with a <c>via_agent</c> of non-empty names within
    /// <see cref="AssistantChunkWire.MaxRelayDepth"/>.
    /// </summary>
    public AssistantChunk? ToRelayedChunk()
    {
        if (Kind != AssistantChunkWire.Kind
            || SchemaVersion != AssistantChunkWire.RelayedSchemaVersion
            || Agent is not { Length: > 0 }
            || ParentCallId is not { Length: > 0 } parentCallId
            || ViaAgent is not { Count: > 0 } via
            || !IsWithinRelayDepth
            || via.Any(string.IsNullOrEmpty))
        {
            return null;
        }

        return new AssistantChunk(Iteration, Content, StopReason) { Relay = new ChunkRelay(Agent, via, parentCallId) };
    }
}
