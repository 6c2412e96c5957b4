using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pallas.Agents.Messaging;

/// <summary>
/// Every string of an <see cref="AssistantChunkData"/>, written through <see cref="SegmentedJson"/>: a caller's
/// <c>conversation_id</c> or <c>parent_call_id</c> may be as long as its request allows.
/// </summary>
internal sealed class SegmentedStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"Expected a string, not {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => SegmentedJson.Write(writer, value);
}
