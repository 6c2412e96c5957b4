namespace Pallas.Providers.Bedrock.EventStream;

/// <summary>The event stream's framing is corrupt (bad CRC, impossible lengths, truncated message); it cannot be resynchronised.</summary>
internal sealed class EventStreamFormatException : Exception
{
    public EventStreamFormatException(string message)
        : base(message)
    {
    }

    public EventStreamFormatException()
    {
    }

    public EventStreamFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
