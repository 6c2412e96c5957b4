using System.Text.Json;

namespace Pallas.Providers.Preflight;

/// <summary>Reads an OpenAI-shaped model list (<c>{"data": [{"id": ...}]}</c>).</summary>
internal static class ModelList
{
    private const int ExamplesShown = 5;

    /// <summary><see langword="null"/> if <paramref name="modelId"/> is listed, else a line naming it and what is served.</summary>
    public static string? FindProblem(string body, string modelId, Uri url)
    {
        IReadOnlyList<string> ids;
        try
        {
            ids = ReadIds(body);
        }
        catch (JsonException)
        {
            return $"GET {url} did not return a model list (expected {{\"data\": [{{\"id\": ...}}]}})";
        }

        if (ids.Contains(modelId, StringComparer.Ordinal))
        {
            return null;
        }

        var examples = ids.Count == 0 ? "it lists no models" : $"it lists {ids.Count}, e.g. {string.Join(", ", ids.Take(ExamplesShown))}";
        return $"model '{modelId}' is not served: GET {url} does not list it ({examples}); check the model id and that model access is enabled";
    }

    /// <summary>The ids of <c>data[]</c>.</summary>
    public static IReadOnlyList<string> ReadIds(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("no data array");
        }

        return [.. data.EnumerateArray()
            .Where(item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            .Select(item => item.GetProperty("id").GetString()!)];
    }
}
