using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pallas.Emulators.Bedrock;

/// <summary>The request checks Bedrock Converse makes that clients most often fail (peers.md §2b), with Bedrock's wording.</summary>
internal static partial class ConverseValidator
{
    /// <summary>Null when the request is acceptable, else the ValidationException message.</summary>
    public static string? Validate(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages || messages.Count == 0)
        {
            return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
        }

        var hasToolBlocks = false;
        string? previousRole = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i]!.AsObject();
            var role = (string?)message["role"];
            if (i == 0 && role != "user")
            {
                return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
            }

            if (role == previousRole)
            {
                return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
            }

            previousRole = role;
            if (message["content"] is not JsonArray content || content.Count == 0)
            {
                return $"The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content field and try again.";
            }

            for (var j = 0; j < content.Count; j++)
            {
                var block = content[j]!.AsObject();
                if (block.ContainsKey("text") && string.IsNullOrWhiteSpace((string?)block["text"]))
                {
                    return $"The text field in the ContentBlock object at messages.{i}.content.{j} is blank. Add text to the text field, and try again.";
                }

                if (block["toolResult"] is JsonObject result)
                {
                    hasToolBlocks = true;
                    if (result["content"] is not JsonArray resultContent || resultContent.Count == 0)
                    {
                        return $"The toolResult content at messages.{i}.content.{j} is empty.";
                    }
                }

                hasToolBlocks |= block.ContainsKey("toolUse");
            }

            var toolUseIds = content.Select(b => (string?)b?["toolUse"]?["toolUseId"]).OfType<string>().ToList();
            if (role == "assistant" && toolUseIds.Count > 0)
            {
                var next = i + 1 < messages.Count ? messages[i + 1]!["content"] as JsonArray : null;
                var resultIds = next?.Select(b => (string?)b?["toolResult"]?["toolUseId"]).OfType<string>().ToList() ?? [];
                if (i + 1 < messages.Count && !toolUseIds.Order().SequenceEqual(resultIds.Order()))
                {
                    return $"Expected toolResult blocks at messages.{i + 1}.content for the following Ids: {string.Join(", ", toolUseIds)}";
                }
            }
        }

        if (body["toolConfig"] is JsonObject toolConfig)
        {
            if (toolConfig["tools"] is not JsonArray tools || tools.Count == 0)
            {
                return "1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1";
            }

            for (var t = 0; t < tools.Count; t++)
            {
                if (tools[t]?["toolSpec"] is not JsonObject spec)
                {
                    continue;
                }

                var name = (string?)spec["name"] ?? "";
                if (!ToolName().IsMatch(name))
                {
                    return $"1 validation error detected: Value '{name}' at 'toolConfig.tools.{t + 1}.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+";
                }

                if (spec["inputSchema"]?["json"] is not JsonObject)
                {
                    return $"The format of the value at toolConfig.tools.{t}.toolSpec.inputSchema.json is invalid. Provide a json object for the field and try again.";
                }
            }
        }
        else if (hasToolBlocks)
        {
            return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
        }

        return null;
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}
