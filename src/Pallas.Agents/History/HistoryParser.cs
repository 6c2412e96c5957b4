using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.History;

/// <summary>
/// Reads the caller's <c>history</c> rows. A malformed row is skipped and reported, never fatal: one bad row must not
/// wipe a whole conversation (Pallas's rule).
/// </summary>
internal static class HistoryParser
{
    /// <summary>Parses the rows; <paramref name="skipped"/> receives the index and reason of each row left out.</summary>
    public static IReadOnlyList<HistoryRow> Parse(IReadOnlyList<JsonElement> rows, Action<int, string> skipped)
    {
        var parsed = new List<HistoryRow>(rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            if (TryParse(rows[index], out var row, out var reason))
            {
                parsed.Add(row);
            }
            else
            {
                skipped(index, reason);
            }
        }

        return parsed;
    }

    private static bool TryParse(JsonElement element, out HistoryRow row, out string reason)
    {
        row = null!;
        if (element.ValueKind != JsonValueKind.Object)
        {
            reason = $"a row must be an object, got {element.ValueKind}";
            return false;
        }

        var role = element.TryGetProperty("role", out var roleValue) && roleValue.ValueKind == JsonValueKind.String ? roleValue.GetString() : null;
        ChatRole? chatRole = role switch
        {
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            _ => null,
        };
        if (chatRole is null)
        {
            reason = $"role must be \"user\" or \"assistant\", got {(role is null ? "none" : $"\"{role}\"")}";
            return false;
        }

        if (!element.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
        {
            reason = "content must be a string";
            return false;
        }

        var images = new List<DataContent>();
        if (element.TryGetProperty("images", out var imageArray) && imageArray.ValueKind != JsonValueKind.Null)
        {
            if (imageArray.ValueKind != JsonValueKind.Array)
            {
                reason = "images must be an array";
                return false;
            }

            foreach (var image in imageArray.EnumerateArray())
            {
                if (!TryParseImage(image, out var decoded, out reason))
                {
                    return false;
                }

                images.Add(decoded);
            }
        }

        row = new HistoryRow(chatRole.Value, content.GetString()!, images);
        reason = "";
        return true;
    }

    // Decoded here, once: the row keeps the bytes, so the conversation is built without decoding again.
    private static bool TryParseImage(JsonElement image, [NotNullWhen(true)] out DataContent? decoded, out string reason)
    {
        decoded = null;
        var data = image.ValueKind == JsonValueKind.Object && image.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var mime = image.ValueKind == JsonValueKind.Object && image.TryGetProperty("mime_type", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (string.IsNullOrEmpty(data) || string.IsNullOrEmpty(mime))
        {
            reason = "an image is missing data/mime_type";
            return false;
        }

        return ImageDecoder.TryDecode(new ImageInput(data, mime), out decoded, out reason);
    }
}
