using System.Text.Json.Nodes;

namespace Pallas.Emulators.Bedrock;

/// <summary>A request the emulator received.</summary>
/// <param name="RawTarget">The request target exactly as sent (percent-encoding kept).</param>
/// <param name="ModelId">The decoded model id.</param>
/// <param name="Operation"><c>converse</c> or <c>converse-stream</c>.</param>
/// <param name="Headers">Request headers (lower-case names).</param>
/// <param name="Body">The JSON body.</param>
/// <param name="Auth"><c>bearer</c>, <c>sigv4</c> or <c>none</c>.</param>
public sealed record RecordedBedrockRequest(string RawTarget, string ModelId, string Operation, IReadOnlyDictionary<string, string> Headers, JsonObject Body, string Auth);
