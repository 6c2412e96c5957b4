using System.Text.Json.Nodes;

namespace Pallas.Providers.Anthropic;

/// <summary>
/// Rewrites a Messages API request body into what Bedrock Mantle accepts. Mantle answers most unsupported features
/// with a misleading <c>404 "The model '...' does not exist"</c> and a null <c>caller</c> on a replayed
/// <c>tool_use</c> with a 400, so everything it rejects is removed here, in one place, whoever added it.
/// </summary>
internal static class MantleRequestShim
{
    // Subtrees that are user data (tool arguments, JSON schemas): a null or a "cache_control" key there is meaningful.
    private static readonly HashSet<string> OpaqueKeys = ["input", "input_schema"];

    private static readonly string[] ToolUseKeys = ["type", "id", "name", "input"];

    /// <summary>Applies the Mantle rules to <paramref name="body"/> in place.</summary>
    public static void Apply(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body["model"] is JsonValue model && model.TryGetValue<string>(out var id))
        {
            body["model"] = MantleModelIds.ToWire(id);
        }

        // Extended/adaptive thinking, its effort and the task budget are not served by Mantle.
        body.Remove("thinking");
        if (body["output_config"] is JsonObject output)
        {
            output.Remove("effort");
            output.Remove("task_budget");
            if (output.Count == 0)
            {
                body.Remove("output_config");
            }
        }

        CleanTools(body);
        if (body["messages"] is JsonArray messages)
        {
            foreach (var message in messages.OfType<JsonObject>())
            {
                CleanContent(message);
            }
        }

        StripCacheControlAndNulls(body);
    }

    private static void CleanTools(JsonObject body)
    {
        if (body["tools"] is not JsonArray tools)
        {
            return;
        }

        var serverTools = tools.OfType<JsonObject>().Where(IsWebTool).ToList();
        foreach (var tool in serverTools)
        {
            tools.Remove(tool);
        }

        if (tools.Count == 0)
        {
            body.Remove("tools");
            body.Remove("tool_choice");
        }
    }

    private static bool IsWebTool(JsonObject tool) =>
        tool["type"] is JsonValue type && type.TryGetValue<string>(out var name)
        && (name.StartsWith("web_search", StringComparison.Ordinal) || name.StartsWith("web_fetch", StringComparison.Ordinal));

    private static void CleanContent(JsonObject message)
    {
        if (message["content"] is not JsonArray blocks)
        {
            return;
        }

        foreach (var block in blocks.OfType<JsonObject>().ToList())
        {
            var type = block["type"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;
            switch (type)
            {
                case "thinking" or "redacted_thinking":
                    blocks.Remove(block);
                    break;
                case "tool_use":
                    // Only these four: `caller` (anthropic-sdk-python#1454) and any null field are refused.
                    foreach (var key in block.Select(pair => pair.Key).Where(key => !ToolUseKeys.Contains(key)).ToList())
                    {
                        block.Remove(key);
                    }

                    break;
            }
        }
    }

    private static void StripCacheControlAndNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (key == "cache_control" || child is null)
                    {
                        obj.Remove(key);
                    }
                    else if (!OpaqueKeys.Contains(key))
                    {
                        StripCacheControlAndNulls(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    StripCacheControlAndNulls(item);
                }

                break;
        }
    }
}
