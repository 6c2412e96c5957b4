using System.Text.Json;

namespace Pallas.Agents.Workflows;

/// <summary>Finds the JSON object a model was asked to answer with, even when wrapped in prose or code fences.</summary>
internal static class JsonAnswer
{
    /// <summary>The first JSON object in <paramref name="text"/> that <paramref name="accept"/> takes, or <see langword="null"/>.</summary>
    public static JsonElement? Find(string text, Func<JsonElement, bool> accept)
    {
        for (var start = text.IndexOf('{', StringComparison.Ordinal); start >= 0; start = text.IndexOf('{', start + 1))
        {
            // Try the longest candidate first, then shorter ones: nested objects and trailing prose both end in '}'.
            for (var end = text.LastIndexOf('}'); end > start; end = text.LastIndexOf('}', end - 1))
            {
                if (TryParse(text[start..(end + 1)]) is { } element && accept(element))
                {
                    return element;
                }
            }
        }

        return null;
    }

    /// <summary>A string property of an object, if present.</summary>
    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? TryParse(string candidate)
    {
        try
        {
            using var document = JsonDocument.Parse(candidate);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
