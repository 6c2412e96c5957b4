using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pallas.Hosting.Agents;

/// <summary>
/// Turns a <see cref="JsonNode"/> into a <see cref="JsonElement"/> without the buffers
/// <see cref="JsonSerializer.SerializeToElement{TValue}(TValue, JsonSerializerOptions?)"/> takes for a long string.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonWriter"/> escapes a string through a scratch buffer of six times its length, rented from the
/// process-wide <see cref="ArrayPool{T}"/>, which then keeps it: one assistant chunk echoing a 1 MiB message left a
/// 16 MiB array behind on every thread that wrote one (docs/performance.md, burst). Written in segments, the scratch
/// buffer stays small, and the output buffer is an ordinary array the GC takes back after the call.
/// </remarks>
internal static class SegmentedJson
{
    /// <summary>Strings longer than this are written in segments of this many characters.</summary>
    internal const int SegmentLength = 16 * 1024;

    public static JsonElement ToElement(JsonNode? node)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            Write(writer, node);
        }

        var reader = new Utf8JsonReader(output.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject map:
                writer.WriteStartObject();
                foreach (var (name, value) in map)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue(out string? text) && text.Length > SegmentLength:
                WriteSegmented(writer, text);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static void WriteSegmented(Utf8JsonWriter writer, string text)
    {
        var rest = text.AsSpan();
        while (rest.Length > SegmentLength)
        {
            // Never split a surrogate pair: each segment is escaped on its own.
            var length = char.IsHighSurrogate(rest[SegmentLength - 1]) ? SegmentLength - 1 : SegmentLength;
            writer.WriteStringValueSegment(rest[..length], isFinalSegment: false);
            rest = rest[length..];
        }

        writer.WriteStringValueSegment(rest, isFinalSegment: true);
    }
}
