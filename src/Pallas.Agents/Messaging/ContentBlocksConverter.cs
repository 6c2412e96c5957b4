using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pallas.Agents.Messaging;

/// <summary>
/// The <c>content</c> of an <see cref="AssistantChunkData"/>: read as it came, written through <see cref="SegmentedJson"/>
/// (the blocks carry the model's text, which may echo a message of megabytes).
/// </summary>
internal sealed class ContentBlocksConverter : JsonConverter<JsonArray>
{
    public override JsonArray Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonNode.Parse(ref reader) as JsonArray ?? throw new JsonException("'content' must be an array of content blocks.");

    public override void Write(Utf8JsonWriter writer, JsonArray value, JsonSerializerOptions options) => SegmentedJson.Write(writer, value);
}
