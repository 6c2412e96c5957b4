using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Pallas.Agents.Messaging;

namespace Pallas.Hosting.Agents;

/// <summary>Turns the raw <c>send_message</c> arguments into a <see cref="SendMessageRequest"/>, or one line saying what is wrong.</summary>
internal static class SendMessageArguments
{
    /// <summary>Parses the arguments; history rows are kept raw because the runtime skips malformed ones with a warning.</summary>
    public static bool TryParse(
        IReadOnlyDictionary<string, JsonElement>? arguments,
        string? inboundBearerToken,
        [NotNullWhen(true)] out SendMessageRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        request = null;
        arguments ??= new Dictionary<string, JsonElement>();

        if (!arguments.TryGetValue("message", out var message) || message.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            error = "send_message needs 'message': the user's text as a string.";
            return false;
        }

        if (message.ValueKind != JsonValueKind.String)
        {
            error = $"'message' must be a string, not {Describe(message)}.";
            return false;
        }

        List<ImageInput> images = [];
        if (Present(arguments, "images", out var imagesElement) && !TryParseImages(imagesElement, "images", images, out error))
        {
            return false;
        }

        List<JsonElement> history = [];
        if (Present(arguments, "history", out var historyElement))
        {
            if (historyElement.ValueKind != JsonValueKind.Array)
            {
                error = $"'history' must be an array of {{role, content, images?}} objects, not {Describe(historyElement)}.";
                return false;
            }

            history.AddRange(historyElement.EnumerateArray().Select(row => row.Clone()));
        }

        string? conversationId = null;
        if (Present(arguments, "conversation_id", out var conversationElement))
        {
            if (conversationElement.ValueKind != JsonValueKind.String)
            {
                error = $"'conversation_id' must be a string, not {Describe(conversationElement)}.";
                return false;
            }

            conversationId = conversationElement.GetString();
        }

        request = new SendMessageRequest
        {
            Message = message.GetString()!,
            Images = images,
            History = history,
            ConversationId = conversationId,
            InboundBearerToken = inboundBearerToken,
        };
        error = null;
        return true;
    }

    private static bool TryParseImages(JsonElement element, string path, List<ImageInput> images, [NotNullWhen(false)] out string? error)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            error = $"'{path}' must be an array of {{data, mime_type}} objects, not {Describe(element)}.";
            return false;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                error = $"'{itemPath}' must be an object {{data, mime_type}}, not {Describe(item)}.";
                return false;
            }

            if (!item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String || !Base64.IsValid(data.GetString()!))
            {
                error = $"'{itemPath}.data' must be the image bytes as a base64 string.";
                return false;
            }

            if (!item.TryGetProperty("mime_type", out var mimeType) || mimeType.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(mimeType.GetString()))
            {
                error = $"'{itemPath}.mime_type' must be a MIME type string such as \"image/png\".";
                return false;
            }

            images.Add(new ImageInput(data.GetString()!, mimeType.GetString()!));
        }

        error = null;
        return true;
    }

    private static bool Present(IReadOnlyDictionary<string, JsonElement> arguments, string name, out JsonElement value) =>
        arguments.TryGetValue(name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
