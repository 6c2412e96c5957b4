using Microsoft.Extensions.AI;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.History;

/// <summary>Builds the messages of a fresh conversation: system instruction, the caller's history, then the new message.</summary>
internal static class ConversationBuilder
{
    /// <param name="instruction">The rendered system instruction; left out when empty.</param>
    /// <param name="history">The valid history rows (images already decoded).</param>
    /// <param name="request">The call, whose message and images come last.</param>
    /// <param name="badImage">Why an image of the new message was refused, if one was.</param>
    public static List<ChatMessage> Build(string instruction, IReadOnlyList<HistoryRow> history, SendMessageRequest request, out string? badImage)
    {
        var messages = new List<ChatMessage>(history.Count + 2);
        if (instruction.Length > 0)
        {
            messages.Add(new ChatMessage(ChatRole.System, instruction));
        }

        foreach (var row in history)
        {
            messages.Add(new ChatMessage(row.Role, [new TextContent(row.Content), .. row.Images]));
        }

        messages.Add(new ChatMessage(ChatRole.User, [new TextContent(request.Message), .. Decode(request.Images, out badImage)]));
        return messages;
    }

    private static List<AIContent> Decode(IReadOnlyList<ImageInput> images, out string? badImage)
    {
        badImage = null;
        var contents = new List<AIContent>(images.Count);
        foreach (var image in images)
        {
            if (ImageDecoder.TryDecode(image, out var data, out var reason))
            {
                contents.Add(data);
            }
            else
            {
                badImage ??= reason;
            }
        }

        return contents;
    }
}
