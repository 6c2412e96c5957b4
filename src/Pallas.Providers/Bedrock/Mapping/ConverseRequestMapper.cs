using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Bedrock.Mapping;

/// <summary>Pure mapping from Microsoft.Extensions.AI messages and options to a Converse request body (bedrock-wire.md §1.4).</summary>
internal static class ConverseRequestMapper
{
    /// <summary>Name of the placeholder tool sent when history holds tool blocks but no tool is offered.</summary>
    public const string PlaceholderToolName = "pallas_no_tools_available";

    /// <summary>Builds the request body; <paramref name="names"/> receives every tool name put on the wire.</summary>
    public static JsonObject ToConverseRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, ConverseRequestContext context, ToolNameMap names)
    {
        var list = messages.ToList();
        var body = new JsonObject();

        var system = ToSystem(list, options);
        var converseMessages = ToMessages(list, names);
        body["messages"] = converseMessages;
        if (system.Count > 0)
        {
            body["system"] = system;
        }

        var budget = ReasoningBudget.For(context.Reasoning, context.ModelId);
        var maxTokens = context.Capabilities.BoundOutputTokens(options?.MaxOutputTokens);
        if (budget is { } requested)
        {
            if (maxTokens <= requested)
            {
                maxTokens = context.Capabilities.BoundOutputTokens(requested + ReasoningBudget.AnswerHeadroom);
            }

            budget = Math.Min(requested, maxTokens - 1);
            if (budget < ReasoningBudget.MinimumBudget)
            {
                budget = null;
            }
        }

        var effort = ReasoningBudget.AdaptiveEffort(context.Reasoning, context.ModelId);
        body["inferenceConfig"] = ToInferenceConfig(options, Math.Max(1, maxTokens), thinking: budget is not null || effort is not null);

        var toolConfig = ToToolConfig(options, names, HasToolBlocks(converseMessages));
        if (toolConfig is not null)
        {
            body["toolConfig"] = toolConfig;
        }

        var additional = new JsonObject();
        if (budget is { } thinkingBudget)
        {
            additional["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = thinkingBudget };
        }
        else if (effort is not null)
        {
            additional["thinking"] = new JsonObject { ["type"] = "adaptive" };
            additional["output_config"] = new JsonObject { ["effort"] = effort };
        }
        else if (options?.TopK is { } topK)
        {
            // Claude rejects top_k together with thinking; it is only sent without it.
            additional["top_k"] = topK;
        }

        if (additional.Count > 0)
        {
            body["additionalModelRequestFields"] = additional;
        }

        return body;
    }

    /// <summary>The Converse image format for a media type, or null when Converse has none.</summary>
    public static string? ImageFormat(string? mediaType) => mediaType?.ToLowerInvariant() switch
    {
        "image/png" => "png",
        "image/jpeg" or "image/jpg" => "jpeg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => null,
    };

    private static JsonArray ToSystem(List<ChatMessage> messages, ChatOptions? options)
    {
        var system = new JsonArray();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            system.Add(new JsonObject { ["text"] = options.Instructions });
        }

        foreach (var message in messages.Where(m => m.Role == ChatRole.System))
        {
            foreach (var text in message.Contents.OfType<TextContent>().Where(t => !string.IsNullOrWhiteSpace(t.Text)))
            {
                system.Add(new JsonObject { ["text"] = text.Text });
            }
        }

        return system;
    }

    private static JsonArray ToMessages(List<ChatMessage> messages, ToolNameMap names)
    {
        var result = new List<(string Role, List<JsonObject> Content)>();
        foreach (var message in messages.Where(m => m.Role != ChatRole.System))
        {
            var role = message.Role == ChatRole.Assistant ? "assistant" : "user";
            var content = message.Contents.Select(c => ToContentBlock(c, names)).OfType<JsonObject>().ToList();
            if (content.Count == 0)
            {
                continue;
            }

            // Converse needs alternating roles: tool results (ChatRole.Tool) and a following user turn share one user message.
            if (result.Count > 0 && result[^1].Role == role)
            {
                result[^1].Content.AddRange(content);
            }
            else
            {
                result.Add((role, content));
            }
        }

        for (var i = 1; i < result.Count; i++)
        {
            if (result[i].Role == "user" && result[i - 1].Role == "assistant")
            {
                OrderToolResults(result[i - 1].Content, result[i].Content);
            }
        }

        return new JsonArray(result.Select(m => (JsonNode)new JsonObject
        {
            ["role"] = m.Role,
            ["content"] = new JsonArray(m.Content.Cast<JsonNode>().ToArray()),
        }).ToArray());
    }

    // All results of one assistant turn go first in the next user message, in the order of the calls.
    private static void OrderToolResults(List<JsonObject> assistant, List<JsonObject> user)
    {
        var callOrder = assistant
            .Select(block => (string?)block["toolUse"]?["toolUseId"])
            .OfType<string>()
            .Select((id, index) => (id, index))
            .ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
        if (callOrder.Count == 0)
        {
            return;
        }

        var results = user.Where(b => b["toolResult"] is not null)
            .OrderBy(b => callOrder.TryGetValue((string?)b["toolResult"]!["toolUseId"] ?? "", out var i) ? i : int.MaxValue)
            .ToList();
        var others = user.Where(b => b["toolResult"] is null).ToList();
        user.Clear();
        user.AddRange(results);
        user.AddRange(others);
    }

    private static JsonObject? ToContentBlock(AIContent content, ToolNameMap names)
    {
        switch (content)
        {
            case TextContent text when !string.IsNullOrWhiteSpace(text.Text):
                return new JsonObject { ["text"] = text.Text };
            case DataContent data when data.HasTopLevelMediaType("image"):
                // Whether the model takes images at all is the capability guard's rule; which formats is Converse's.
                var format = ImageFormat(data.MediaType) ?? throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.Validation,
                    $"Image type '{data.MediaType}' is not supported by Bedrock Converse; use PNG, JPEG, GIF or WebP.");
                return new JsonObject
                {
                    ["image"] = new JsonObject
                    {
                        ["format"] = format,
                        ["source"] = new JsonObject { ["bytes"] = Convert.ToBase64String(data.Data.Span) },
                    },
                };
            case FunctionCallContent call:
                return new JsonObject
                {
                    ["toolUse"] = new JsonObject
                    {
                        ["toolUseId"] = call.CallId,
                        ["name"] = names.Add(call.Name),
                        ["input"] = ToInput(call.Arguments, names),
                    },
                };
            case FunctionResultContent result:
                return ToToolResult(result);
            case TextReasoningContent reasoning when reasoning.AdditionalProperties?.ContainsKey(ConverseResponseMapper.RedactedReasoningKey) == true
                                                    && !string.IsNullOrEmpty(reasoning.ProtectedData):
                return new JsonObject { ["reasoningContent"] = new JsonObject { ["redactedContent"] = reasoning.ProtectedData } };
            case TextReasoningContent reasoning when !string.IsNullOrEmpty(reasoning.ProtectedData):
                // Unsigned reasoning cannot be replayed (Converse rejects it); signed blocks must be, unchanged, on tool turns.
                return new JsonObject
                {
                    ["reasoningContent"] = new JsonObject
                    {
                        ["reasoningText"] = new JsonObject { ["text"] = reasoning.Text, ["signature"] = reasoning.ProtectedData },
                    },
                };
            default:
                return null;
        }
    }

    private static JsonObject ToToolResult(FunctionResultContent result)
    {
        var failed = result.Exception is not null;
        JsonObject item;
        if (result.Result is JsonElement { ValueKind: JsonValueKind.Object } element)
        {
            item = new JsonObject { ["json"] = JsonNode.Parse(element.GetRawText()) };
        }
        else
        {
            var text = result.Result switch
            {
                null => null,
                string s => s,
                JsonElement { ValueKind: JsonValueKind.String } s => s.GetString(),
                JsonElement e => e.GetRawText(),
                _ => JsonSerializer.Serialize(result.Result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.Result.GetType())),
            };

            // Converse rejects a toolResult with empty content, and an error result without text is useless to the model.
            if (string.IsNullOrWhiteSpace(text))
            {
                text = failed ? $"Tool call failed: {BedrockErrors.FirstLine(result.Exception!.Message)}" : "(no output)";
                if (failed && string.IsNullOrWhiteSpace(result.Exception!.Message))
                {
                    text = "Tool call failed.";
                }
            }

            item = new JsonObject { ["text"] = text };
        }

        var block = new JsonObject
        {
            ["toolUseId"] = result.CallId,
            ["content"] = new JsonArray(item),
        };
        if (failed)
        {
            block["status"] = "error";
        }

        return new JsonObject { ["toolResult"] = block };
    }

    private static JsonObject ToInput(IDictionary<string, object?>? arguments, ToolNameMap names)
    {
        if (arguments is null)
        {
            return new JsonObject();
        }

        var json = JsonSerializer.SerializeToNode(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
        return json is JsonObject input && RenameKeys(input, names.AddProperty) is JsonObject renamed ? renamed : new JsonObject();
    }

    /// <summary>A copy of <paramref name="node"/> with every object key passed through <paramref name="rename"/>.</summary>
    public static JsonNode? RenameKeys(JsonNode? node, Func<string, string> rename) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(rename(p.Key), RenameKeys(p.Value, rename)))),
        JsonArray array => new JsonArray(array.Select(item => RenameKeys(item, rename)).ToArray()),
        _ => node?.DeepClone(),
    };

    private static JsonObject ToInferenceConfig(ChatOptions? options, int maxTokens, bool thinking)
    {
        var config = new JsonObject { ["maxTokens"] = maxTokens };

        // Extended thinking requires the default sampling settings, so they are only sent without it.
        if (!thinking && options?.Temperature is { } temperature)
        {
            config["temperature"] = temperature;
        }

        if (!thinking && options?.TopP is { } topP)
        {
            config["topP"] = topP;
        }

        if (options?.StopSequences is { Count: > 0 } stops)
        {
            config["stopSequences"] = new JsonArray(stops.Where(s => s.Length > 0).Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
        }

        return config;
    }

    private static JsonObject? ToToolConfig(ChatOptions? options, ToolNameMap names, bool historyHasToolBlocks)
    {
        var offered = options?.ToolMode is NoneChatToolMode
            ? []
            : (options?.Tools ?? []).OfType<AIFunctionDeclaration>().ToList();
        var tools = new JsonArray();
        foreach (var tool in offered)
        {
            var spec = new JsonObject { ["name"] = names.Add(tool.Name) };
            if (!string.IsNullOrWhiteSpace(tool.Description))
            {
                spec["description"] = tool.Description;
            }

            spec["inputSchema"] = new JsonObject { ["json"] = ToolSchemaNormalizer.Normalize(tool.JsonSchema, names) };
            tools.Add(new JsonObject { ["toolSpec"] = spec });
        }

        if (tools.Count == 0)
        {
            if (!historyHasToolBlocks)
            {
                return null;
            }

            // Converse refuses tool blocks in history without a toolConfig, and refuses an empty tools list.
            tools.Add(new JsonObject
            {
                ["toolSpec"] = new JsonObject
                {
                    ["name"] = PlaceholderToolName,
                    ["description"] = "Placeholder: no tools are available in this turn. Do not call it.",
                    ["inputSchema"] = new JsonObject { ["json"] = ToolSchemaNormalizer.EmptyObjectSchema() },
                },
            });
            return new JsonObject { ["tools"] = tools };
        }

        var config = new JsonObject { ["tools"] = tools };
        switch (options?.ToolMode)
        {
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                config["toolChoice"] = new JsonObject { ["tool"] = new JsonObject { ["name"] = ToolNameMap.Sanitize(name) } };
                break;
            case RequiredChatToolMode:
                config["toolChoice"] = new JsonObject { ["any"] = new JsonObject() };
                break;
        }

        return config;
    }

    private static bool HasToolBlocks(JsonArray messages) =>
        messages.OfType<JsonObject>()
            .SelectMany(m => m["content"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Any(b => b["toolUse"] is not null || b["toolResult"] is not null);
}
