using System.Text.Json;

namespace Pallas.Agents.Messaging;

/// <summary>The arguments of one <c>send_message</c> call.</summary>
public sealed record SendMessageRequest
{
    /// <summary>The user's text for this turn.</summary>
    public required string Message { get; init; }

    /// <summary>Images attached to this turn.</summary>
    public IReadOnlyList<ImageInput> Images { get; init; } = [];

    /// <summary>
    /// Prior turns as sent by the caller, oldest first: <c>{role: user|assistant, content: string, images?: [...]}</c>.
    /// Kept raw so that a malformed row is skipped with a warning instead of failing the call.
    /// </summary>
    public IReadOnlyList<JsonElement> History { get; init; } = [];

    /// <summary>Opaque id for logs and notifications; never interpreted.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The bearer token of the inbound MCP request, forwarded to servers with <c>forward_inbound_auth</c>.</summary>
    public string? InboundBearerToken { get; init; }
}
