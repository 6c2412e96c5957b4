using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pallas.Emulators.Anthropic;

/// <summary>Writes Messages API answers: one JSON message or the SSE event sequence of a streamed one.</summary>
internal static class AnthropicReplies
{
    /// <summary>The content blocks of a turn.</summary>
    public static JsonArray Content(ScriptedTurn turn)
    {
        var content = new JsonArray();
        if (!string.IsNullOrEmpty(turn.Text))
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = turn.Text });
        }

        foreach (var call in turn.ToolCalls)
        {
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) });
        }

        return content;
    }

    /// <summary>The whole message, for a non-streaming request.</summary>
    public static JsonObject Message(string id, string model, ScriptedTurn turn, int inputTokens) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = Content(turn),
        ["stop_reason"] = StopReason(turn),
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = OutputTokens(turn) },
    };

    /// <summary>Streams the message as Anthropic's SSE events, splitting text and tool input into several deltas.</summary>
    public static async Task StreamAsync(HttpContext context, string id, string model, ScriptedTurn turn, int inputTokens)
    {
        context.Response.ContentType = "text/event-stream";
        await Event(context, "message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray(),
                ["stop_reason"] = null, ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = 1 },
            },
        });

        var index = 0;
        foreach (var block in Content(turn).OfType<JsonObject>())
        {
            var isText = block["type"]!.GetValue<string>() == "text";
            var start = isText ? new JsonObject { ["type"] = "text", ["text"] = "" } : new JsonObject
            {
                ["type"] = "tool_use", ["id"] = block["id"]!.DeepClone(), ["name"] = block["name"]!.DeepClone(), ["input"] = new JsonObject(),
            };
            await Event(context, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = start });
            var whole = isText ? block["text"]!.GetValue<string>() : block["input"]!.ToJsonString(EmulatorHost.Json);
            foreach (var piece in Halves(whole))
            {
                var delta = isText
                    ? new JsonObject { ["type"] = "text_delta", ["text"] = piece }
                    : new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece };
                await Event(context, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta });
            }

            await Event(context, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
            index++;
        }

        await Event(context, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(turn), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = OutputTokens(turn) },
        });
        await Event(context, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    /// <summary>An Anthropic-shaped error body.</summary>
    public static string Error(string type, string message) =>
        new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = message } }.ToJsonString(EmulatorHost.Json);

    private static string StopReason(ScriptedTurn turn) => turn.ToolCalls.Count > 0 ? "tool_use" : "end_turn";

    private static int OutputTokens(ScriptedTurn turn) => Math.Max(1, ((turn.Text?.Length ?? 0) + turn.ToolCalls.Sum(c => c.ArgumentsJson.Length)) / 4);

    private static IEnumerable<string> Halves(string text) =>
        text.Length < 2 ? [text] : [text[..(text.Length / 2)], text[(text.Length / 2)..]];

    private static Task Event(HttpContext context, string name, JsonObject data) => EmulatorHost.WriteEventAsync(context, name, data.ToJsonString(EmulatorHost.Json));
}
