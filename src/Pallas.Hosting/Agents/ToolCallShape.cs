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
    /// on which the SDK fails with -32603. Only strings whose raw text has a <c>\u</c> escape are decoded to check.
    /// </summary>
    private static string? LoneSurrogate(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject map:
                return map.Select(pair => LoneSurrogate(pair.Value, $"{path}.{pair.Key}")).FirstOrDefault(found => found is not null);
            case JsonArray list:
                return list.Select((item, index) => LoneSurrogate(item, $"{path}[{index}]")).FirstOrDefault(found => found is not null);
            case JsonValue value when value.TryGetValue(out JsonElement element) && element.ValueKind == JsonValueKind.String
                                      && JsonMarshal.GetRawUtf8Value(element).IndexOf("\\u"u8) >= 0:
                try
                {
                    _ = element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            default:
                return null;
        }
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "missing or null",
        JsonArray => "an array",
        JsonObject => "an object",
        _ => $"the {node.GetValueKind().ToString().ToLowerInvariant()} {node.ToJsonString()}",
    };
}
