using System.Text;
using System.Text.Json;
using Pallas.Providers.Bedrock.EventStream;

namespace Pallas.Providers.Tests.Bedrock.EventStream;

public sealed class EventStreamCodecTests
{
    public static TheoryData<string> SuccessVectors => ["all_headers", "empty_message", "int32_header", "payload_no_headers", "payload_one_str_header"];

    public static TheoryData<string> FailureVectors => ["corrupted_headers", "corrupted_header_len", "corrupted_length", "corrupted_payload"];

    [Theory]
    [MemberData(nameof(SuccessVectors))]
    public void Decode_PublishedVector_Succeeds(string name)
    {
        var message = EventStreamCodec.Decode(Vector(name));

        if (name != "empty_message")
        {
            Assert.Equal("{'foo':'bar'}", Encoding.UTF8.GetString(message.Payload.Span));
        }
    }

    [Theory]
    [MemberData(nameof(FailureVectors))]
    public void Decode_CorruptedVector_Throws(string name) =>
        Assert.Throws<EventStreamFormatException>(() => EventStreamCodec.Decode(Vector(name)));

    [Fact]
    public void Decode_AllHeaders_ReadsEveryHeaderType()
    {
        var headers = EventStreamCodec.Decode(Vector("all_headers")).Headers;

        Assert.Equal(40972, headers["event-type"]);
        Assert.Equal("application/json", headers["content-type"]);
        Assert.Equal(false, headers["bool false"]);
        Assert.Equal(true, headers["bool true"]);
        Assert.Equal((sbyte)-49, headers["byte"]);
        Assert.Equal("I'm a little teapot!"u8.ToArray(), (byte[])headers["byte buf"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(8675309), headers["timestamp"]);
        Assert.Equal((short)42, headers["int16"]);
        Assert.Equal(42424242L, headers["int64"]);
        Assert.Equal(Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"), headers["uuid"]);
    }

    [Fact]
    public void Decode_BedrockWireExamples_MatchReference()
    {
        var empty = EventStreamCodec.Decode(Convert.FromHexString("000000100000000005C248EB7D98C8FF"));
        var payload = EventStreamCodec.Decode([.. Convert.FromHexString("0000001D00000000FD528C5A"), .. "{'foo':'bar'}"u8.ToArray(), .. Convert.FromHexString("C3653936")]);

        Assert.Empty(empty.Headers);
        Assert.True(empty.Payload.IsEmpty);
        Assert.Equal("{'foo':'bar'}", Encoding.UTF8.GetString(payload.Payload.Span));
    }

    [Fact]
    public void Encode_ThenDecode_RoundTrips()
    {
        var bytes = EventStreamCodec.Encode([new(":message-type", "event"), new(":event-type", "messageStart")], """{"role":"assistant"}"""u8);

        var message = EventStreamCodec.Decode(bytes);

        Assert.Equal("messageStart", message.GetString(":event-type"));
        Assert.Equal("""{"role":"assistant"}""", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public async Task ReadAllAsync_StreamCutInsideMessage_ThrowsEndOfStream()
    {
        var frame = EventStreamCodec.Encode([new(":message-type", "event")], "{}"u8);
        using var stream = new MemoryStream([.. frame, .. frame.AsSpan(0, frame.Length - 3)]);

        var read = new List<EventStreamMessage>();
        await Assert.ThrowsAsync<EndOfStreamException>(async () =>
        {
            await foreach (var message in EventStreamReader.ReadAllAsync(stream, TestContext.Current.CancellationToken))
            {
                read.Add(message);
            }
        });
        Assert.Single(read);
    }

    [Fact]
    public async Task ReadAllAsync_CorruptedMessageCrc_Throws()
    {
        var frame = EventStreamCodec.Encode([new(":message-type", "event")], "{}"u8);
        frame[^1] ^= 0xFF;
        using var stream = new MemoryStream(frame);

        await Assert.ThrowsAsync<EventStreamFormatException>(async () =>
        {
            await foreach (var unused in EventStreamReader.ReadAllAsync(stream, TestContext.Current.CancellationToken))
            {
            }
        });
    }

    private static byte[] Vector(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestDataFiles.Directory(), "eventstream", "vectors.json")));
        return Convert.FromHexString(document.RootElement.GetProperty(name).GetProperty("encoded").GetString()!);
    }
}
