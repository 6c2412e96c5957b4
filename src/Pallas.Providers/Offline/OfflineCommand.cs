using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Pallas.Providers.Offline;

/// <summary>The <c>***FIXED_RESPONSE</c> and <c>***CALL_TOOL</c> commands the passthrough model understands (fast-agent's markers).</summary>
internal static class OfflineCommand
{
    public const string FixedResponse = "***FIXED_RESPONSE";
    public const string CallTool = "***CALL_TOOL";

    /// <summary>The text after <c>***FIXED_RESPONSE</c>, if <paramref name="text"/> is that command.</summary>
    public static string? ParseFixedResponse(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.StartsWith(FixedResponse, StringComparison.Ordinal)
            ? trimmed[FixedResponse.Length..].Trim()
            : null;
    }

    /// <summary>Parses <c>***CALL_TOOL &lt;tool&gt; [json]</c>; arguments default to none when the JSON is absent.</summary>
    /// <exception cref="ArgumentException">The command has no tool name or its JSON is not an object.</exception>
    public static (string Tool, Dictionary<string, object?> Arguments)? ParseCallTool(string text)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith(CallTool, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = trimmed[CallTool.Length..].Trim();
        var space = rest.IndexOfAny([' ', '\t', '\n', '\r']);
        var tool = space < 0 ? rest : rest[..space];
        var json = space < 0 ? "" : rest[(space + 1)..].Trim();
        if (tool.Length == 0)
        {
            throw new ArgumentException($"{CallTool} needs a tool name: {CallTool} <server>__<tool> [json-arguments]");
        }

        return (tool, ParseArguments(json));
    }

    private static Dictionary<string, object?> ParseArguments(string json)
    {
        if (json.Length == 0)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"{CallTool} arguments must be a JSON object, got {document.RootElement.ValueKind}.");
            }

            return document.RootElement.EnumerateObject()
                .ToDictionary(property => property.Name, property => (object?)property.Value.Clone());
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"{CallTool} arguments are not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>The text of a tool result as the passthrough model reports it (<c>&lt;empty&gt;</c> when blank).</summary>
    public static string ResultText(FunctionResultContent result)
    {
        var text = result.Result switch
        {
            null => "",
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? "",
            TextContent content => content.Text,
            IEnumerable<AIContent> contents => string.Concat(contents.OfType<TextContent>().Select(c => c.Text)),
            var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions),
        };
        return text.Length == 0 ? "<empty>" : text;
    }
}
