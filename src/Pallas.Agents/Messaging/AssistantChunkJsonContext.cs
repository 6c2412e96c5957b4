using System.Text.Json.Serialization;

namespace Pallas.Agents.Messaging;

/// <summary>
/// The one serializer of <see cref="AssistantChunkData"/>: the sending agent (Hosting) writes with it, a relaying caller
/// (<c>SubAgentRelay</c>) reads with it.
/// </summary>
/// <remarks>
/// Unset fields are left out (a <c>schema_version</c> 2 chunk has no relay fields); <c>conversation_id</c> opts back in.
/// Nullable annotations are enforced and <see langword="required"/> members must be present, so a chunk missing a field
/// or holding <c>null</c> where the wire has a value does not deserialize, and the relay drops it. Strings are written
/// in segments (<see cref="SegmentedStringConverter"/>, and <see cref="ContentBlocksConverter"/> for the blocks).
/// </remarks>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    Converters = [typeof(SegmentedStringConverter)])]
[JsonSerializable(typeof(AssistantChunkData))]
public sealed partial class AssistantChunkJsonContext : JsonSerializerContext;
