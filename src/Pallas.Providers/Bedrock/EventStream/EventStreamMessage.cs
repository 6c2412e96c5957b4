namespace Pallas.Providers.Bedrock.EventStream;

/// <summary>One decoded <c>application/vnd.amazon.eventstream</c> message: its headers and raw payload.</summary>
/// <param name="Headers">Header values by name; strings, integers, booleans, byte arrays, timestamps and GUIDs.</param>
/// <param name="Payload">The payload bytes (JSON for Bedrock events and exceptions).</param>
internal sealed record EventStreamMessage(IReadOnlyDictionary<string, object> Headers, ReadOnlyMemory<byte> Payload)
{
    /// <summary>A header as a string, or null when absent or of another type.</summary>
    public string? GetString(string name) => Headers.TryGetValue(name, out var value) ? value as string : null;
}
