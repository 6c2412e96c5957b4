using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Pallas.Agents.Messaging;

// MCP9005: the logging notification is deprecated only from spec 2026-07-28; the contract's assistant_chunk relay needs it.
#pragma warning disable MCP9005

namespace Pallas.Hosting.Agents;

/// <summary>
/// Relays what happens during one <c>send_message</c> to the caller on the request's SSE stream:
/// <c>notifications/progress</c> (only when the caller sent a progress token) and one <c>notifications/message</c>
/// (<c>pallas.assistant</c>) per LLM iteration. Never throws: a lost notification must not fail the turn.
/// </summary>
internal sealed partial class McpNotificationObserver(
    McpServer server,
    ProgressToken? progressToken,
    string agent,
    string? conversationId,
    ILogger logger) : IAgentObserver, IDisposable
{
    public const string AssistantLogger = "pallas.assistant";
    public const string AssistantChunkKind = "assistant_chunk";
    public const int SchemaVersion = 2;

    // Serialises sends so that progress values reach the client strictly increasing even when tool calls run in parallel.
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private int _progress;

    public async ValueTask OnProgressAsync(string message, CancellationToken cancellationToken)
    {
        if (progressToken is not { } token)
        {
            return;
        }

        try
        {
            await _sendGate.WaitAsync(cancellationToken);
            try
            {
                var value = new ProgressNotificationValue { Progress = ++_progress, Message = message };
                await server.NotifyProgressAsync(token, value, cancellationToken: cancellationToken);
            }
            finally
            {
                _sendGate.Release();
            }
        }
        catch (Exception exception)
        {
            LogNotificationFailed(logger, NotificationMethods.ProgressNotification, exception.Message);
        }
    }

    public async ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        try
        {
            var notification = new LoggingMessageNotificationParams
            {
                Level = LoggingLevel.Info,
                Logger = AssistantLogger,
                Data = JsonSerializer.SerializeToElement(ToChunkData(chunk, agent, conversationId), JsonContext.Default.JsonObject),
            };

            await _sendGate.WaitAsync(cancellationToken);
            try
            {
                await server.SendNotificationAsync(NotificationMethods.LoggingMessageNotification, notification, cancellationToken: cancellationToken);
            }
            finally
            {
                _sendGate.Release();
            }
        }
        catch (Exception exception)
        {
            LogNotificationFailed(logger, NotificationMethods.LoggingMessageNotification, exception.Message);
        }
    }

    public void Dispose() => _sendGate.Dispose();

    /// <summary>The <c>data</c> of an <c>assistant_chunk</c> notification.</summary>
    public static JsonObject ToChunkData(AssistantChunk chunk, string agent, string? conversationId)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new JsonObject
        {
            ["kind"] = AssistantChunkKind,
            ["schema_version"] = SchemaVersion,
            ["agent"] = agent,
            ["conversation_id"] = conversationId,
            ["iteration"] = chunk.Iteration,
            ["content"] = chunk.Content.DeepClone(),
            ["stop_reason"] = chunk.StopReason,
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send {Method} to the caller: {Reason}")]
    private static partial void LogNotificationFailed(ILogger logger, string method, string reason);
}
