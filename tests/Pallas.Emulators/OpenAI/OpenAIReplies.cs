using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pallas.Emulators.OpenAI;

/// <summary>Writes Chat Completions answers: one JSON completion or the SSE chunks of a streamed one.</summary>
internal static class OpenAIReplies
{
    /// <summary>The whole completion, for a non-streaming request.</summary>
    public static JsonObject Completion(string id, string model, ScriptedTurn turn, int promptTokens)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = turn.Text };
        if (turn.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. turn.ToolCalls.Select(call => (JsonNode)new JsonObject
            {
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsJson },
            })]);
        }

        return new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion", ["created"] = 1_764_000_000, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = FinishReason(turn) }),
            ["usage"] = Usage(turn, promptTokens),
        };
    }

    /// <summary>Streams the completion as chunks: role, text in pieces, each tool call's name then its arguments, finish, usage.</summary>
    public static async Task StreamAsync(HttpContext context, string id, string model, ScriptedTurn turn, int promptTokens, bool includeUsage)
    {
        context.Response.ContentType = "text/event-stream";
        await Chunk(context, id, model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        if (!string.IsNullOrEmpty(turn.Text))
        {
            var half = turn.Text.Length / 2;
            foreach (var piece in new[] { turn.Text[..half], turn.Text[half..] }.Where(p => p.Length > 0))
            {
                await Chunk(context, id, model, new JsonObject { ["content"] = piece }, null);
            }
        }

        for (var i = 0; i < turn.ToolCalls.Count; i++)
        {
            var call = turn.ToolCalls[i];
            await Chunk(context, id, model, ToolDelta(i, new JsonObject { ["name"] = call.Name, ["arguments"] = "" }, call.Id), null);
            var half = call.ArgumentsJson.Length / 2;
            await Chunk(context, id, model, ToolDelta(i, new JsonObject { ["arguments"] = call.ArgumentsJson[..half] }, null), null);
            await Chunk(context, id, model, ToolDelta(i, new JsonObject { ["arguments"] = call.ArgumentsJson[half..] }, null), null);
        }

        await Chunk(context, id, model, new JsonObject(), FinishReason(turn));
        if (includeUsage)
        {
            var usage = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1_764_000_000, ["model"] = model,
                ["choices"] = new JsonArray(), ["usage"] = Usage(turn, promptTokens),
            };
            await EmulatorHost.WriteEventAsync(context, null, usage.ToJsonString(EmulatorHost.Json));
        }

        await EmulatorHost.WriteEventAsync(context, null, "[DONE]");
    }

    /// <summary>An OpenAI-shaped error body.</summary>
    public static string Error(string message, string type, string? code) =>
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code } }.ToJsonString(EmulatorHost.Json);

    private static JsonObject ToolDelta(int index, JsonObject function, string? id)
    {
        var call = new JsonObject { ["index"] = index, ["function"] = function };
        if (id is not null)
        {
            call["id"] = id;
            call["type"] = "function";
        }

        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static Task Chunk(HttpContext context, string id, string model, JsonObject delta, string? finishReason) =>
        EmulatorHost.WriteEventAsync(context, null, new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1_764_000_000, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        }.ToJsonString(EmulatorHost.Json));

    private static string FinishReason(ScriptedTurn turn) => turn.ToolCalls.Count > 0 ? "tool_calls" : "stop";

    private static JsonObject Usage(ScriptedTurn turn, int promptTokens)
    {
        var completion = Math.Max(1, ((turn.Text?.Length ?? 0) + turn.ToolCalls.Sum(c => c.ArgumentsJson.Length)) / 4);
        return new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completion, ["total_tokens"] = promptTokens + completion };
    }
}
