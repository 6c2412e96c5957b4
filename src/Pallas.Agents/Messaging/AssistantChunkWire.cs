namespace Pallas.Agents.Messaging;

/// <summary>
/// The wire names of <c>assistant_chunk</c> notifications and of the sub-agent relay between Pallas agents
/// (CONTRACT §9; docs/mcp-surface.md).
/// </summary>
public static class AssistantChunkWire
{
    /// <summary>The <c>logger</c> of the <c>notifications/message</c> that carries a chunk.</summary>
    public const string Logger = "pallas.assistant";

    /// <summary>The <c>data.kind</c> of a chunk.</summary>
    public const string Kind = "assistant_chunk";

    /// <summary>The <c>schema_version</c> of an agent's own chunks sent to a caller that is not a Pallas agent.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The <c>schema_version</c> of chunks that carry <c>via_agent</c> and <c>parent_call_id</c>.</summary>
    public const int RelayedSchemaVersion = 3;

    /// <summary>The most entries <c>via_agent</c> may have; deeper chunks are dropped.</summary>
    public const int MaxRelayDepth = 3;

    /// <summary>
    /// <c>tools/call</c> request <c>_meta</c> key set by a calling Pallas agent: the id of the LLM's tool call that this
    /// request carries out. The called agent echoes it as <c>parent_call_id</c> in its chunks.
    /// </summary>
    public const string ParentCallIdMeta = "pallas/parent_call_id";

    /// <summary>
    /// <c>_meta</c> key of the request (set by the caller, unique per call) and of every chunk notification sent for it:
    /// the MCP client dispatches notifications with nothing tying them to their request, so the caller routes by it.
    /// </summary>
    public const string RelayIdMeta = "pallas/relay_id";

    /// <summary>
    /// <c>tools/call</c> result <c>_meta</c> key of a relaying agent: how many chunks it sent tagged with the caller's
    /// relay id, so that the caller can wait for those the MCP client dispatches after the result.
    /// </summary>
    public const string RelayedChunksMeta = "pallas/relayed_chunks";
}
