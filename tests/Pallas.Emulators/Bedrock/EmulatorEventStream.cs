using System.Buffers.Binary;
using System.Text;

namespace Pallas.Emulators.Bedrock;

/// <summary>Writes AWS event-stream frames (the emulator's own encoder, independent of the product's decoder).</summary>
internal static class EmulatorEventStream
{
    public static byte[] Frame(IReadOnlyList<(string Name, string Value)> headers, string payload)
    {
        var headerBytes = new List<byte>();
        foreach (var (name, value) in headers)
        {
            var n = Encoding.UTF8.GetBytes(name);
            var v = Encoding.UTF8.GetBytes(value);
            headerBytes.Add((byte)n.Length);
            headerBytes.AddRange(n);
            headerBytes.Add(7);
            headerBytes.Add((byte)(v.Length >> 8));
            headerBytes.Add((byte)(v.Length & 0xFF));
            headerBytes.AddRange(v);
        }

        var body = Encoding.UTF8.GetBytes(payload);
        var total = 16 + headerBytes.Count + body.Length;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headerBytes.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32(frame.AsSpan(0, 8)));
        headerBytes.CopyTo(frame, 12);
        body.CopyTo(frame, 12 + headerBytes.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    public static byte[] Event(string eventType, string payload) =>
        Frame([(":message-type", "event"), (":event-type", eventType), (":content-type", "application/json")], payload);

    public static byte[] Exception(string exceptionType, string payload) =>
        Frame([(":message-type", "exception"), (":exception-type", exceptionType), (":content-type", "application/json")], payload);

    // IEEE CRC-32 (zlib); written out here so the emulator does not share code or packages with the product.
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
