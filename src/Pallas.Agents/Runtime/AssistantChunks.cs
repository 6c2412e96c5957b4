using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.Runtime;

/// <summary>Maps one LLM iteration to its <c>assistant_chunk</c>: content blocks and a stop reason in Pallas's vocabulary.</summary>
internal static class AssistantChunks
{
    public static AssistantChunk From(int iteration, ChatResponse response)
    {
        var content = new JsonArray();
        foreach (var item in response.Messages.Where(m => m.Role == ChatRole.Assistant).SelectMany(m => m.Contents))
        {
            switch (item)
            {
                case TextContent { Text.Length: > 0 } text:
                    content.Add(new JsonObject { ["type"] = "text", ["text"] = text.Text });
                    break;
                case TextReasoningContent { Text.Length: > 0 } reasoning:
                    content.Add(new JsonObject { ["type"] = "thinking", ["thinking"] = reasoning.Text });
                    break;
                case FunctionCallContent call:
                    content.Add(new JsonObject
                    {
                        ["type"] = "tool_use",
                        ["id"] = call.CallId,
                        ["name"] = call.Name,
                        ["input"] = JsonSerializer.SerializeToNode(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions),
                    });
                    break;
                default:
                    break;
            }
        }

        var calledTools = content.Any(block => (string?)block?["type"] == "tool_use");
        return new AssistantChunk(iteration, content, StopReason(response.FinishReason, calledTools));
    }

    private static string StopReason(ChatFinishReason? reason, bool calledTools)
    {
        if (reason == ChatFinishReason.ToolCalls || (reason is null && calledTools))
        {
            return "toolUse";
        }

        if (reason == ChatFinishReason.Length)
        {
            return "maxTokens";
        }

        if (reason == ChatFinishReason.ContentFilter)
        {
            return "contentFiltered";
        }

        return calledTools ? "toolUse" : "endTurn";
    }
}
