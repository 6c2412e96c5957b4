using System.Net;
using System.Text;
using Pallas.Providers.Bedrock.EventStream;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Tests.ResponseBodies;

/// <summary>The rules that tell an API's body from anything else, from its first bytes, and the excerpt shown.</summary>
public sealed class ResponseBodyCheckTests
{
    [Theory]
    [InlineData("event: message_start\ndata: {}", true)]
    [InlineData("data: {\"id\":\"c1\"}", true)]
    [InlineData(": ping\n\n", true)]
    [InlineData("\n\r\nretry: 100", true)]
    [InlineData("id:7", true)]
    [InlineData("\uFEFFdata: {}", true)]
    [InlineData("<!DOCTYPE html>", false)]
    [InlineData("{\"type\":\"message\"}", false)]
    [InlineData("Data: x", false)]
    [InlineData("events: x", false)]
    [InlineData("garbage", false)]
    [InlineData(" data: x", false)]
    public void IsExpected_ServerSentEvents_KnowsARealStreamFromOtherBodies(string body, bool expected) =>
        Assert.Equal(expected, ResponseBodyCheck.IsExpected(BodyFormat.ServerSentEvents, Encoding.UTF8.GetBytes(body), ended: true));

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("da")]
    [InlineData("retr")]
    public void IsExpected_ServerSentEventsSoFar_WaitsForMoreBytes(string start) =>
        Assert.Null(ResponseBodyCheck.IsExpected(BodyFormat.ServerSentEvents, Encoding.UTF8.GetBytes(start), ended: false));

    [Theory]
    [InlineData("{\"id\":1}", true)]
    [InlineData(" \r\n\t[1]", true)]
    [InlineData("\uFEFF{}", true)]
    [InlineData("<html>", false)]
    [InlineData("data: {}", false)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    public void IsExpected_Json_LooksAtTheFirstByteAfterWhitespace(string body, bool expected) =>
        Assert.Equal(expected, ResponseBodyCheck.IsExpected(BodyFormat.Json, Encoding.UTF8.GetBytes(body), ended: true));

    [Fact]
    public void IsExpected_AwsEventStream_NeedsAPreludeWithItsCrc()
    {
        var frame = EventStreamCodec.Encode([new(":message-type", "event")], "{}"u8);

        Assert.True(ResponseBodyCheck.IsExpected(BodyFormat.AwsEventStream, frame, ended: false));
        Assert.Null(ResponseBodyCheck.IsExpected(BodyFormat.AwsEventStream, frame.AsSpan(0, 11), ended: false));
        Assert.False(ResponseBodyCheck.IsExpected(BodyFormat.AwsEventStream, frame.AsSpan(0, 11), ended: true));
        Assert.False(ResponseBodyCheck.IsExpected(BodyFormat.AwsEventStream, "<!DOCTYPE html><html>"u8, ended: false));
    }

    [Fact]
    public async Task PeekAsync_BodyTricklingInOneByteAtATime_IsJudgedAndReplayedWhole()
    {
        const string body = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/v1/messages");
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new OneByteStream(Encoding.UTF8.GetBytes(body))) };
        response.Content.Headers.ContentType = new("text/event-stream");

        var start = await ResponseBodyCheck.PeekAsync(request, response, BodyFormat.ServerSentEvents, null, TestContext.Current.CancellationToken);

        Assert.True(start.Valid);
        Assert.Equal("event"u8.Length + 1, start.Bytes.Length);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task NotExpected_LongPageWithQueryAndUserInfo_OneBoundedLineWithoutThem()
    {
        var page = "<html>\r\n  <body>\n" + new string('x', 5000) + "</body></html>";
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://user:pw@127.0.0.1:1/v1/chat/completions?api-key=query-secret");
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page, Encoding.UTF8, "text/html") };

        var start = await ResponseBodyCheck.PeekAsync(request, response, BodyFormat.Json, null, TestContext.Current.CancellationToken);
        var error = ResponseBodyCheck.NotExpected("openai", start);

        Assert.False(start.Valid);
        Assert.Equal(
            "openai at http://127.0.0.1:1/v1/chat/completions answered HTTP 200 with a body that is not JSON "
            + "(content-type text/html; starts with '<html> <body> xxxxxxxxxxxxxxxxxxxxxxxxxx…'); check openai.base_url — a proxy or captive portal may be answering",
            error.Message);
        Assert.Equal(ProviderErrorKind.UnexpectedResponse, error.Kind);
    }

    /// <summary>A body that arrives one byte per read, as over a slow link.</summary>
    private sealed class OneByteStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }
}
