using System.Text.Json.Nodes;

namespace Pallas.Emulators;

/// <summary>A request an emulator received, kept for assertions.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without the query.</param>
/// <param name="Headers">Request headers (first value; names compared case-insensitively).</param>
/// <param name="Body">The raw body, empty for a GET.</param>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body as a JSON object (throws if it is not one).</summary>
    public JsonObject Json => JsonNode.Parse(Body)?.AsObject() ?? throw new InvalidOperationException("The request had no JSON body.");

    /// <summary>A header value, or <see langword="null"/>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
