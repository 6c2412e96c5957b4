using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Pallas.Hosting.Agents;

/// <summary>The tools and prompt every agent exposes, with their exact schemas.</summary>
internal static class AgentToolDefinitions
{
    public const string SendMessage = "send_message";
    public const string GetHealth = "get_health";

    private const string ImagesSchema = """
        {
          "type": "array",
          "description": "Images attached to this turn.",
          "items": {
            "type": "object",
            "properties": {
              "data": { "type": "string", "description": "The image bytes, base64-encoded." },
              "mime_type": { "type": "string", "description": "The image MIME type, e.g. image/png." }
            },
            "required": ["data", "mime_type"]
          }
        }
        """;

    private static readonly JsonElement SendMessageSchema = JsonDocument.Parse($$"""
        {
          "type": "object",
          "properties": {
            "message": { "type": "string", "description": "The user's text for this turn." },
            "images": {{ImagesSchema}},
            "history": {
              "type": "array",
              "description": "Prior turns, oldest first. The caller owns the conversation and re-sends it every turn.",
              "items": {
                "type": "object",
                "properties": {
                  "role": { "type": "string", "enum": ["user", "assistant"] },
                  "content": { "type": "string" },
                  "images": {{ImagesSchema}}
                },
                "required": ["role", "content"]
              }
            },
            "conversation_id": { "type": "string", "description": "Opaque id echoed in logs and notifications; never interpreted." }
          },
          "required": ["message"]
        }
        """).RootElement.Clone();

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type": "object", "properties": {}}""").RootElement.Clone();

    /// <summary>The tools of one agent.</summary>
    public static IList<Tool> Tools(string agentTitle) =>
    [
        new Tool
        {
            Name = SendMessage,
            Description = $"Send a message to {agentTitle} and get its final reply. Each call starts a fresh conversation seeded from 'history'; progress and intermediate assistant turns arrive as notifications.",
            InputSchema = SendMessageSchema,
        },
        new Tool
        {
            Name = GetHealth,
            Description = $"Report {agentTitle}'s health without calling the model: provider preflight, downstream MCP servers, uptime.",
            InputSchema = EmptySchema,
        },
    ];

    /// <summary>The name of the agent's history prompt.</summary>
    public static string HistoryPromptName(string agentName) => $"{agentName}_history";

    /// <summary>The agent's history prompt; stateless, so it always returns no messages.</summary>
    public static Prompt HistoryPrompt(string agentName) => new()
    {
        Name = HistoryPromptName(agentName),
        Description = $"The conversation history of {agentName}. Agents are stateless per request, so this is always empty: callers own the history.",
    };
}
