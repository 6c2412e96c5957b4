namespace Pallas.Providers.Errors;

/// <summary>What the body of a success answer must be, judged from its first bytes by <see cref="ResponseBodyCheck"/>.</summary>
internal enum BodyFormat
{
    /// <summary>A JSON object or array (non-streaming calls of every provider).</summary>
    Json,

    /// <summary>Server-sent events (<c>text/event-stream</c>: Anthropic and OpenAI streaming).</summary>
    ServerSentEvents,

    /// <summary>AWS event-stream framing (<c>application/vnd.amazon.eventstream</c>: Bedrock ConverseStream).</summary>
    AwsEventStream,
}
