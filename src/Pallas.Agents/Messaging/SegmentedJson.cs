using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pallas.Agents.Messaging;

/// <summary>
/// Writes JSON with long strings in segments, so that an <c>assistant_chunk</c> echoing a large message costs no
/// buffers that outlive it: what <see cref="AssistantChunkJsonContext"/>'s converters write with, and how the relay turns
/// a received chunk back into bytes.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonWriter"/> escapes a string through a scratch buffer of six times its length, rented from the
/// process-wide <see cref="ArrayPool{T}"/>, which then keeps it: one assistant chunk echoing a 1 MiB message left a
/// 16 MiB array behind on every thread that wrote one (docs/performance.md, burst). Written in segments, the scratch
/// buffer stays small; callers write into an ordinary array the GC takes back, not a pooled one.
/// </remarks>
internal static class SegmentedJson
{
    /// <summary>Strings longer than this are written in segments of this many characters.</summary>
    internal const int SegmentLength = 16 * 1024;

    /// <summary>The UTF-8 JSON of <paramref name="node"/> (<c>null</c> for <see langword="null"/>), in an ordinary array.</summary>
    public static ReadOnlyMemory<byte> ToUtf8(JsonNode? node)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            Write(writer, node);
        }

        return output.WrittenMemory;
    }

    public static void Write(Utf8JsonWriter writer, JsonNode? node)
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
            case JsonValue value when value.TryGetValue(out string? text):
                Write(writer, text);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    public static void Write(Utf8JsonWriter writer, string text)
    {
        if (text.Length <= SegmentLength)
        {
            writer.WriteStringValue(text);
            return;
        }

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
