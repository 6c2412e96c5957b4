using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Pallas.Agents.Downstream;

/// <summary>Turns an MCP <c>tools/call</c> result into the text handed back to the model.</summary>
internal static class ToolResultText
{
    public static DownstreamToolResult From(CallToolResult result)
    {
        var parts = result.Content.Select(Describe).Where(text => text.Length > 0).ToList();
        if (parts.Count == 0 && result.StructuredContent is { } structured)
        {
            parts.Add(structured.GetRawText());
        }

        return new DownstreamToolResult(string.Join('\n', parts), result.IsError == true);
    }

    private static string Describe(ContentBlock block) => block switch
    {
        TextContentBlock text => text.Text,
        ImageContentBlock image => $"[image {image.MimeType}]",
        AudioContentBlock audio => $"[audio {audio.MimeType}]",
        _ => JsonSerializer.Serialize(block, McpJsonUtilities.DefaultOptions),
    };
}
