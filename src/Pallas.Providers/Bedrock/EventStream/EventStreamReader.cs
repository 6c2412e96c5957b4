namespace Pallas.Providers.Bedrock.EventStream;

/// <summary>Reads event-stream messages one at a time from a response body.</summary>
internal static class EventStreamReader
{
    /// <summary>
    /// Yields each message; ends quietly only at a message boundary. A stream that stops inside a message throws
    /// <see cref="EndOfStreamException"/>, corrupt framing throws <see cref="EventStreamFormatException"/>.
    /// </summary>
    public static async IAsyncEnumerable<EventStreamMessage> ReadAllAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prelude = new byte[EventStreamCodec.PreludeLength];
        while (true)
        {
            var read = await ReadAtLeastAsync(stream, prelude, cancellationToken);
            if (read == 0)
            {
                yield break;
            }

            if (read < prelude.Length)
            {
                throw new EndOfStreamException("The event stream ended inside a message prelude.");
            }

            var total = EventStreamCodec.ReadTotalLength(prelude);
            var message = new byte[total];
            prelude.CopyTo(message, 0);
            var rest = await ReadAtLeastAsync(stream, message.AsMemory(prelude.Length), cancellationToken);
            if (rest < total - prelude.Length)
            {
                throw new EndOfStreamException("The event stream ended inside a message.");
            }

            yield return EventStreamCodec.Decode(message);
        }
    }

    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken) =>
        await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
}
