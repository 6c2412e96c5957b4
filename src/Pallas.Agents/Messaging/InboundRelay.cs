using System.Text.Json.Nodes;

namespace Pallas.Agents.Messaging;

/// <summary>
/// The relay request of a calling Pallas agent, read from the <c>tools/call</c> <c>_meta</c>: this agent's chunks
/// go back as <c>schema_version</c> 3 under <see cref="ParentCallId"/>, tagged with <see cref="RelayId"/>.
/// </summary>
/// <param name="ParentCallId">The caller's tool-call id (<see cref="AssistantChunkWire.ParentCallIdMeta"/>).</param>
/// <param name="RelayId">The caller's routing key (<see cref="AssistantChunkWire.RelayIdMeta"/>).</param>
public sealed record InboundRelay(string ParentCallId, string RelayId)
{
    /// <summary>The relay request in a request's <c>_meta</c>; <see langword="null"/> unless both keys are non-empty strings.</summary>
    public static InboundRelay? FromMeta(JsonObject? meta)
    {
        var parentCallId = Text(meta?[AssistantChunkWire.ParentCallIdMeta]);
        var relayId = Text(meta?[AssistantChunkWire.RelayIdMeta]);
        return parentCallId is { Length: > 0 } && relayId is { Length: > 0 } ? new InboundRelay(parentCallId, relayId) : null;
    }

    /// <summary>The request <c>_meta</c> that asks a downstream Pallas agent to relay its chunks.</summary>
    public JsonObject ToMeta() => new()
    {
        [AssistantChunkWire.ParentCallIdMeta] = ParentCallId,
        [AssistantChunkWire.RelayIdMeta] = RelayId,
    };

    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
