using System.Text.Json.Nodes;

namespace Pallas.Emulators.Anthropic;

/// <summary>What Bedrock Mantle refuses on its Messages endpoint, with the (sometimes misleading) answers it gives.</summary>
internal static class MantleRules
{
    /// <summary>The 400 Mantle's validator gives for a <c>caller</c> that is not an object (e.g. <c>null</c>).</summary>
    public const string CallerMessage = "tool_use.caller: Input should be a valid dictionary or object to extract fields from";

    /// <summary>The status and message Mantle answers with, or <see langword="null"/> if it accepts the request.</summary>
    public static (int Status, string Type, string Message)? Check(RecordedRequest request, JsonObject body, IReadOnlyList<string> models)
    {
        var model = body["model"]?.GetValue<string>() ?? "";
        var notFound = (404, "not_found_error", $"The model '{model}' does not exist");
        if (request.Header("anthropic-version") is null)
        {
            return (400, "invalid_request_error", "anthropic-version: header is required");
        }

        if (!models.Contains(model, StringComparer.Ordinal) || request.Header("anthropic-beta") is not null)
        {
            return notFound;
        }

        if (body.ContainsKey("thinking") || body["output_config"]?["task_budget"] is not null || HasCacheControl(body) || HasWebTool(body))
        {
            return notFound;
        }

        return FindBadCaller(body) is { } path ? (400, "invalid_request_error", $"{path}.{CallerMessage}") : null;
    }

    private static string? FindBadCaller(JsonObject body)
    {
        var messages = body["messages"] as JsonArray ?? [];
        for (var i = 0; i < messages.Count; i++)
        {
            var blocks = messages[i]?["content"] as JsonArray ?? [];
            for (var j = 0; j < blocks.Count; j++)
            {
                if (blocks[j] is JsonObject block && block["type"]?.GetValue<string>() == "tool_use"
                    && block.TryGetPropertyValue("caller", out var caller) && caller is not JsonObject)
                {
                    return $"messages.{i}.content.{j}";
                }
            }
        }

        return null;
    }

    private static bool HasWebTool(JsonObject body) =>
        (body["tools"] as JsonArray ?? []).OfType<JsonObject>().Any(tool =>
            tool["type"]?.GetValue<string>() is { } type && (type.StartsWith("web_search", StringComparison.Ordinal) || type.StartsWith("web_fetch", StringComparison.Ordinal)));

    private static bool HasCacheControl(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(pair => pair.Key == "cache_control" || (pair.Key is not "input" and not "input_schema" && HasCacheControl(pair.Value))),
        JsonArray array => array.Any(HasCacheControl),
        _ => false,
    };
}
