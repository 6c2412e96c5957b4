using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Pallas.Providers.Bedrock.Mapping;

/// <summary>Pure mapping from Converse response JSON (bedrock-wire.md §1.6) to Microsoft.Extensions.AI types.</summary>
internal static class ConverseResponseMapper
{
    /// <summary>Marks a <see cref="TextReasoningContent"/> whose <c>ProtectedData</c> is Bedrock <c>redactedContent</c>.</summary>
    public const string RedactedReasoningKey = "bedrock.redacted";

    /// <summary>Usage key of <c>cacheReadInputTokens</c> in <see cref="UsageDetails.AdditionalCounts"/>.</summary>
    public const string CacheReadKey = "CacheReadInputTokens";

    /// <summary>Usage key of <c>cacheWriteInputTokens</c> in <see cref="UsageDetails.AdditionalCounts"/>.</summary>
    public const string CacheWriteKey = "CacheWriteInputTokens";

    /// <summary>Maps a whole ConverseResponse.</summary>
    public static ChatResponse FromConverseResponse(JsonElement root, ToolNameMap names, string modelId)
    {
        var contents = new List<AIContent>();
        if (root.TryGetProperty("output", out var output) && output.TryGetProperty("message", out var message)
            && message.TryGetProperty("content", out var blocks) && blocks.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in blocks.EnumerateArray())
            {
                if (FromContentBlock(block, names) is { } content)
                {
                    contents.Add(content);
                }
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = modelId,
            FinishReason = root.TryGetProperty("stopReason", out var stop) ? FromStopReason(stop.GetString()) : null,
            Usage = root.TryGetProperty("usage", out var usage) ? FromUsage(usage) : null,
            RawRepresentation = root.Clone(),
        };
    }

    /// <summary>Maps a Converse stop reason; unknown values are kept as they are.</summary>
    public static ChatFinishReason? FromStopReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "tool_use" => ChatFinishReason.ToolCalls,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "guardrail_intervened" or "content_filtered" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(stopReason),
    };

    /// <summary>Maps <c>TokenUsage</c>, cache tokens included.</summary>
    public static UsageDetails FromUsage(JsonElement usage)
    {
        var details = new UsageDetails
        {
            InputTokenCount = Long(usage, "inputTokens"),
            OutputTokenCount = Long(usage, "outputTokens"),
            TotalTokenCount = Long(usage, "totalTokens"),
        };
        var cacheRead = Long(usage, "cacheReadInputTokens");
        var cacheWrite = Long(usage, "cacheWriteInputTokens");
        if (cacheRead is not null || cacheWrite is not null)
        {
            details.CachedInputTokenCount = cacheRead;
            details.AdditionalCounts = [];
            if (cacheRead is { } read)
            {
                details.AdditionalCounts[CacheReadKey] = read;
            }

            if (cacheWrite is { } write)
            {
                details.AdditionalCounts[CacheWriteKey] = write;
            }
        }

        return details;
    }

    /// <summary>Builds a call from a toolUse name and input; arguments keep their JSON values.</summary>
    public static FunctionCallContent ToFunctionCall(string callId, string wireName, JsonElement input, ToolNameMap names)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (input.ValueKind == JsonValueKind.Object)
        {
            if (names.HasPropertyRenames)
            {
                // Property names Bedrock rejected were renamed in the schema; give the tool its own names back.
                var restored = ConverseRequestMapper.RenameKeys(System.Text.Json.Nodes.JsonNode.Parse(input.GetRawText()), names.PropertyToOriginal)!;
                using var document = JsonDocument.Parse(restored.ToJsonString());
                input = document.RootElement.Clone();
            }

            foreach (var property in input.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }
        }

        return new FunctionCallContent(callId, names.ToOriginal(wireName), arguments);
    }

    private static AIContent? FromContentBlock(JsonElement block, ToolNameMap names)
    {
        if (block.TryGetProperty("text", out var text))
        {
            return new TextContent(text.GetString());
        }

        if (block.TryGetProperty("toolUse", out var toolUse))
        {
            var input = toolUse.TryGetProperty("input", out var i) ? i : default;
            return ToFunctionCall(toolUse.GetProperty("toolUseId").GetString()!, toolUse.GetProperty("name").GetString()!, input, names);
        }

        if (block.TryGetProperty("reasoningContent", out var reasoning))
        {
            if (reasoning.TryGetProperty("reasoningText", out var reasoningText))
            {
                return new TextReasoningContent(reasoningText.TryGetProperty("text", out var t) ? t.GetString() : "")
                {
                    ProtectedData = reasoningText.TryGetProperty("signature", out var s) ? s.GetString() : null,
                };
            }

            if (reasoning.TryGetProperty("redactedContent", out var redacted))
            {
                return Redacted(redacted.GetString());
            }
        }

        // Unknown union members (citations, images, newer blocks) are ignored, as the wire reference advises.
        return null;
    }

    /// <summary>A redacted reasoning block, kept opaque so it can be sent back unchanged.</summary>
    public static TextReasoningContent Redacted(string? data) => new("")
    {
        ProtectedData = data,
        AdditionalProperties = new() { [RedactedReasoningKey] = true },
    };

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
