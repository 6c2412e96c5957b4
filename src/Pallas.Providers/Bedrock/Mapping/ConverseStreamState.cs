using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Pallas.Providers.Bedrock.Mapping;

/// <summary>
/// Turns ConverseStream events (bedrock-wire.md §2.4) into <see cref="ChatResponseUpdate"/>s. Tool input deltas are
/// joined per block and parsed at <c>contentBlockStop</c>; reasoning is emitted as one signed block at its stop.
/// </summary>
internal sealed class ConverseStreamState(ToolNameMap names, string modelId)
{
    private readonly Dictionary<int, BlockState> blocks = [];

    /// <summary>Whether <c>messageStop</c> arrived.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Whether <c>metadata</c> (usage) arrived.</summary>
    public bool HasMetadata { get; private set; }

    /// <summary>Applies one event; returns the update to yield, or null.</summary>
    public ChatResponseUpdate? Apply(string eventType, JsonElement payload)
    {
        switch (eventType)
        {
            case "contentBlockStart":
                var startIndex = payload.GetProperty("contentBlockIndex").GetInt32();
                if (payload.TryGetProperty("start", out var start) && start.TryGetProperty("toolUse", out var toolUse))
                {
                    var block = Block(startIndex);
                    block.ToolUseId = toolUse.GetProperty("toolUseId").GetString();
                    block.ToolName = toolUse.GetProperty("name").GetString();
                }

                return null;
            case "contentBlockDelta":
                return ApplyDelta(payload.GetProperty("contentBlockIndex").GetInt32(), payload.GetProperty("delta"));
            case "contentBlockStop":
                var stopIndex = payload.GetProperty("contentBlockIndex").GetInt32();
                return blocks.Remove(stopIndex, out var stopped) ? Finish(stopped) : null;
            case "messageStop":
                Stopped = true;
                return Update([], ConverseResponseMapper.FromStopReason(payload.TryGetProperty("stopReason", out var reason) ? reason.GetString() : null));
            case "metadata":
                HasMetadata = true;
                return payload.TryGetProperty("usage", out var usage)
                    ? Update([new UsageContent(ConverseResponseMapper.FromUsage(usage))], null)
                    : null;
            default:
                // messageStart and unknown event types carry nothing to show.
                return null;
        }
    }

    private ChatResponseUpdate? ApplyDelta(int index, JsonElement delta)
    {
        if (delta.TryGetProperty("text", out var text))
        {
            var value = text.GetString();
            return string.IsNullOrEmpty(value) ? null : Update([new TextContent(value)], null);
        }

        var block = Block(index);
        if (delta.TryGetProperty("toolUse", out var toolUse) && toolUse.TryGetProperty("input", out var input))
        {
            block.Input.Append(input.GetString());
        }
        else if (delta.TryGetProperty("reasoningContent", out var reasoning))
        {
            if (reasoning.TryGetProperty("text", out var reasoningText))
            {
                block.Reasoning.Append(reasoningText.GetString());
            }

            if (reasoning.TryGetProperty("signature", out var signature))
            {
                block.Signature = signature.GetString();
            }

            if (reasoning.TryGetProperty("redactedContent", out var redacted))
            {
                block.Redacted = redacted.GetString();
            }
        }

        return null;
    }

    private ChatResponseUpdate? Finish(BlockState block)
    {
        if (block.ToolUseId is { } id && block.ToolName is { } name)
        {
            var json = block.Input.Length == 0 ? "{}" : block.Input.ToString();
            using var document = JsonDocument.Parse(json);
            return Update([ConverseResponseMapper.ToFunctionCall(id, name, document.RootElement, names)], null);
        }

        if (block.Redacted is not null)
        {
            return Update([ConverseResponseMapper.Redacted(block.Redacted)], null);
        }

        if (block.Reasoning.Length > 0 || block.Signature is not null)
        {
            return Update([new TextReasoningContent(block.Reasoning.ToString()) { ProtectedData = block.Signature }], null);
        }

        return null;
    }

    private BlockState Block(int index)
    {
        if (!blocks.TryGetValue(index, out var block))
        {
            block = new BlockState();
            blocks[index] = block;
        }

        return block;
    }

    private ChatResponseUpdate Update(IList<AIContent> contents, ChatFinishReason? finishReason) =>
        new(ChatRole.Assistant, contents) { ModelId = modelId, FinishReason = finishReason };

    private sealed class BlockState
    {
        public string? ToolUseId { get; set; }

        public string? ToolName { get; set; }

        public StringBuilder Input { get; } = new();

        public StringBuilder Reasoning { get; } = new();

        public string? Signature { get; set; }

        public string? Redacted { get; set; }
    }
}
