using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Pallas.Hosting.Agents;

/// <summary>
/// Checks the shape of a <c>tools/call</c> request before the SDK deserializes it: a wrong shape is the caller's
/// mistake and gets -32602 naming the field, where the SDK's own failure is -32603 "An error occurred.".
/// </summary>
internal static class ToolCallShape
{
    /// <summary>The incoming message filter: -32602 for a malformed <c>tools/call</c>, before the SDK reads it.</summary>
    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall } request && Problem(request.Params) is { } problem)
        {
            throw new McpProtocolException($"Invalid params: {problem}", McpErrorCode.InvalidParams);
        }

        await next(context, cancellationToken);
    };

    internal static string? Problem(JsonNode? parameters) => parameters switch
    {
        not JsonObject => $"'params' must be an object {{name, arguments}}, not {Describe(parameters)}.",
        _ when parameters["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String =>
            $"'params.name' must be the tool name as a string, not {Describe(parameters["name"])}.",
        _ when parameters["arguments"] is { } arguments and not JsonObject =>
            $"'params.arguments' must be an object of named arguments, not {Describe(arguments)}.",
        _ when LoneSurrogate(parameters["arguments"], "params.arguments") is { } path =>
            $"'{path}' is not valid Unicode text: it contains a lone UTF-16 surrogate (such as \\ud800); send well-formed text.",
        _ => null,
    };

    /// <summary>
    /// The path of a string that escapes a lone surrogate (<c>"\ud800"</c>): valid JSON that no .NET string can hold,
    /// on which the SDK fails with -32603. Checked on the raw JSON text, never by decoding it: a decoded copy of a
    /// large message would cost twice its size for a check that almost never fires (docs/performance.md, burst).
    /// </summary>
    private static string? LoneSurrogate(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject map:
                return map.Select(pair => LoneSurrogate(pair.Value, $"{path}.{pair.Key}")).FirstOrDefault(found => found is not null);
            case JsonArray list:
                return list.Select((item, index) => LoneSurrogate(item, $"{path}[{index}]")).FirstOrDefault(found => found is not null);
            case JsonValue value when value.TryGetValue(out JsonElement element) && element.ValueKind == JsonValueKind.String:
                return HasLoneSurrogateEscape(JsonMarshal.GetRawUtf8Value(element)) ? path : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether the raw text of a JSON string (between its quotes, already validated by the parser) has a <c>\uD800</c>
    /// to <c>\uDBFF</c> escape not directly followed by a <c>\uDC00</c> to <c>\uDFFF</c> one, or the latter alone.
    /// Raw UTF-8 cannot hold a surrogate (the parser rejects it), so only escapes need looking at.
    /// </summary>
    internal static bool HasLoneSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        var highPending = false;
        var i = 0;
        while (i < raw.Length)
        {
            var next = raw[i..].IndexOf((byte)'\\');
            if (next < 0)
            {
                // Plain text after a high surrogate (or nothing) leaves it alone.
                return highPending;
            }

            if (highPending && next > 0)
            {
                return true;
            }

            i += next;
            if (raw[i + 1] != (byte)'u')
            {
                if (highPending)
                {
                    return true;
                }

                i += 2;
                continue;
            }

            var code = HexValue(raw.Slice(i + 2, 4));
            i += 6;
            var isHigh = code is >= 0xD800 and <= 0xDBFF;
            var isLow = code is >= 0xDC00 and <= 0xDFFF;
            if (highPending != isLow || (isHigh && highPending))
            {
                return true;
            }

            highPending = isHigh;
        }

        return highPending;
    }

    private static int HexValue(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                _ => digit - 'A' + 10,
            });
        }

        return value;
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "missing or null",
        JsonArray => "an array",
        JsonObject => "an object",
        _ => $"the {node.GetValueKind().ToString().ToLowerInvariant()} {node.ToJsonString()}",
    };
}
