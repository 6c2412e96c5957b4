using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Pallas.Providers.Bedrock.EventStream;

/// <summary>
/// Decodes the AWS event-stream framing (prelude, headers, payload, CRC32s) as described in bedrock-wire.md §2.
/// Hand-written because AWSSDK.BedrockRuntime is not available; checked against the smithy-typescript vectors.
/// </summary>
internal static class EventStreamCodec
{
    /// <summary>Length of the prelude: total length, headers length, prelude CRC.</summary>
    public const int PreludeLength = 12;

    /// <summary>The smallest valid message: prelude plus the message CRC.</summary>
    public const int MinimumMessageLength = 16;

    // aws-c-event-stream limits; anything larger is treated as corrupt framing rather than allocated.
    private const int MaxMessageLength = 16 * 1024 * 1024;
    private const int MaxHeadersLength = 128 * 1024;

    /// <summary>Reads the total message length from a prelude after checking the prelude CRC.</summary>
    public static int ReadTotalLength(ReadOnlySpan<byte> prelude) =>
        PreludeProblem(prelude, out var total) is { } problem ? throw new EventStreamFormatException(problem) : total;

    /// <summary>Whether <paramref name="prelude"/> (the first 12 bytes of a message) has a matching CRC and possible lengths.</summary>
    public static bool IsValidPrelude(ReadOnlySpan<byte> prelude) => PreludeProblem(prelude, out _) is null;

    private static string? PreludeProblem(ReadOnlySpan<byte> prelude, out int total)
    {
        total = 0;
        var length = BinaryPrimitives.ReadUInt32BigEndian(prelude);
        var headers = BinaryPrimitives.ReadUInt32BigEndian(prelude[4..]);
        var crc = BinaryPrimitives.ReadUInt32BigEndian(prelude[8..]);
        if (Crc32.HashToUInt32(prelude[..8]) != crc)
        {
            return "Event stream prelude checksum mismatch.";
        }

        if (length < MinimumMessageLength || length > MaxMessageLength || headers > MaxHeadersLength || headers > length - MinimumMessageLength)
        {
            return $"Event stream message has impossible lengths (total {length}, headers {headers}).";
        }

        total = (int)length;
        return null;
    }

    /// <summary>Decodes one complete message (prelude through message CRC).</summary>
    public static EventStreamMessage Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length < MinimumMessageLength)
        {
            throw new EventStreamFormatException("Event stream message is shorter than its prelude.");
        }

        var total = ReadTotalLength(message[..PreludeLength]);
        if (total != message.Length)
        {
            throw new EventStreamFormatException($"Event stream message length {message.Length} does not match its prelude ({total}).");
        }

        var expectedCrc = BinaryPrimitives.ReadUInt32BigEndian(message[^4..]);
        if (Crc32.HashToUInt32(message[..^4]) != expectedCrc)
        {
            throw new EventStreamFormatException("Event stream message checksum mismatch.");
        }

        var headersLength = (int)BinaryPrimitives.ReadUInt32BigEndian(message[4..]);
        var headers = ParseHeaders(message.Slice(PreludeLength, headersLength));
        var payload = message[(PreludeLength + headersLength)..^4].ToArray();
        return new EventStreamMessage(headers, payload);
    }

    /// <summary>Encodes a message with string headers; used by tests and the emulator's mirror image of the format.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
    {
        using var headerBytes = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.WriteByte((byte)nameBytes.Length);
            headerBytes.Write(nameBytes);
            headerBytes.WriteByte(7);
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)valueBytes.Length);
            headerBytes.Write(length);
            headerBytes.Write(valueBytes);
        }

        var headersLength = (int)headerBytes.Length;
        var total = MinimumMessageLength + headersLength + payload.Length;
        var buffer = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), Crc32.HashToUInt32(buffer.AsSpan(0, 8)));
        headerBytes.GetBuffer().AsSpan(0, headersLength).CopyTo(buffer.AsSpan(PreludeLength));
        payload.CopyTo(buffer.AsSpan(PreludeLength + headersLength));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(total - 4), Crc32.HashToUInt32(buffer.AsSpan(0, total - 4)));
        return buffer;
    }

    private static Dictionary<string, object> ParseHeaders(ReadOnlySpan<byte> span)
    {
        var headers = new Dictionary<string, object>(StringComparer.Ordinal);
        var position = 0;
        while (position < span.Length)
        {
            int nameLength = span[position++];
            Require(span, position, nameLength + 1);
            var name = Encoding.UTF8.GetString(span.Slice(position, nameLength));
            position += nameLength;
            var type = span[position++];
            object value;
            switch (type)
            {
                case 0:
                    value = true;
                    break;
                case 1:
                    value = false;
                    break;
                case 2:
                    Require(span, position, 1);
                    value = (sbyte)span[position];
                    position += 1;
                    break;
                case 3:
                    Require(span, position, 2);
                    value = BinaryPrimitives.ReadInt16BigEndian(span[position..]);
                    position += 2;
                    break;
                case 4:
                    Require(span, position, 4);
                    value = BinaryPrimitives.ReadInt32BigEndian(span[position..]);
                    position += 4;
                    break;
                case 5:
                    Require(span, position, 8);
                    value = BinaryPrimitives.ReadInt64BigEndian(span[position..]);
                    position += 8;
                    break;
                case 6 or 7:
                    Require(span, position, 2);
                    int length = BinaryPrimitives.ReadUInt16BigEndian(span[position..]);
                    position += 2;
                    Require(span, position, length);
                    var bytes = span.Slice(position, length);
                    value = type == 6 ? bytes.ToArray() : Encoding.UTF8.GetString(bytes);
                    position += length;
                    break;
                case 8:
                    Require(span, position, 8);
                    value = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(span[position..]));
                    position += 8;
                    break;
                case 9:
                    Require(span, position, 16);
                    value = new Guid(span.Slice(position, 16), bigEndian: true);
                    position += 16;
                    break;
                default:
                    throw new EventStreamFormatException($"Event stream header '{name}' has unknown type {type}.");
            }

            if (!headers.TryAdd(name, value))
            {
                throw new EventStreamFormatException($"Event stream header '{name}' appears twice.");
            }
        }

        return headers;
    }

    private static void Require(ReadOnlySpan<byte> span, int position, int count)
    {
        if (position + count > span.Length)
        {
            throw new EventStreamFormatException("Event stream header runs past the headers section.");
        }
    }
}
