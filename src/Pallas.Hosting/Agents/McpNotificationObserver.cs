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
/// (<c>pallas.assistant</c>) per LLM iteration, its own or one relayed from a downstream Pallas agent. Never throws:
/// a lost notification must not fail the turn.
/// </summary>
/// <remarks>
/// When the caller is itself a Pallas agent (<paramref name="relay"/>, from the request's <c>_meta</c>), every chunk
/// goes out as <c>schema_version</c> 3 with this agent first in <c>via_agent</c>, tagged with the caller's relay id.
/// </remarks>
internal sealed partial class McpNotificationObserver(
    McpServer server,
    ProgressToken? progressToken,
    string agent,
    string? conversationId,
    InboundRelay? relay,
    ILogger logger) : IAgentObserver, IDisposable
{
    public const string AssistantLogger = AssistantChunkWire.Logger;
    public const string AssistantChunkKind = AssistantChunkWire.Kind;
    public const int SchemaVersion = AssistantChunkWire.SchemaVersion;

    // Serialises sends so that progress values reach the client strictly increasing even when tool calls run in parallel.
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private int _progress;
    private int _relayedChunks;

    /// <summary>How many chunks went to a Pallas caller tagged with its relay id (reported in the result's <c>_meta</c>).</summary>
    public int RelayedChunks => Volatile.Read(ref _relayedChunks);

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
            if (ToChunkData(chunk, agent, conversationId, relay) is not { } data)
            {
                LogRelayTooDeep(logger, chunk.Relay?.Agent ?? agent, AssistantChunkWire.MaxRelayDepth);
                return;
            }

            var notification = new LoggingMessageNotificationParams
            {
                Level = LoggingLevel.Info,
                Logger = AssistantLogger,
                Data = SegmentedJson.ToElement(data),
                Meta = relay is null ? null : new JsonObject { [AssistantChunkWire.RelayIdMeta] = relay.RelayId },
            };

            await _sendGate.WaitAsync(cancellationToken);
            try
            {
                await server.SendNotificationAsync(NotificationMethods.LoggingMessageNotification, notification, cancellationToken: cancellationToken);
                if (relay is not null)
                {
                    Interlocked.Increment(ref _relayedChunks);
                }
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

    /// <summary>
    /// The <c>data</c> of an <c>assistant_chunk</c> notification: <c>schema_version</c> 2 for the agent's own iteration
    /// sent to a plain caller; 3 with <c>via_agent</c> and <c>parent_call_id</c> for a relayed iteration or a Pallas
    /// caller. <see langword="null"/> when <c>via_agent</c> would exceed <see cref="AssistantChunkWire.MaxRelayDepth"/>.
    /// </summary>
    /// <param name="chunk">The iteration.</param>
    /// <param name="agent">This agent's name.</param>
    /// <param name="conversationId">The caller's <c>conversation_id</c>, also on relayed chunks (the caller's conversation).</param>
    /// <param name="relay">The calling Pallas agent's relay request, if the caller is one.</param>
    public static JsonObject? ToChunkData(AssistantChunk chunk, string agent, string? conversationId, InboundRelay? relay = null)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var data = new JsonObject
        {
            ["kind"] = AssistantChunkKind,
            ["schema_version"] = SchemaVersion,
            ["agent"] = chunk.Relay?.Agent ?? agent,
            ["conversation_id"] = conversationId,
            ["iteration"] = chunk.Iteration,
            ["content"] = chunk.Content.DeepClone(),
            ["stop_reason"] = chunk.StopReason,
        };
        if (chunk.Relay is null && relay is null)
        {
            return data;
        }

        // via_agent is the path from the receiver down to the producing agent: this agent heads it only when its
        // caller is a Pallas agent that will pass it further up.
        IEnumerable<string> below = chunk.Relay?.ViaAgent ?? [];
        var via = (relay is null ? below : below.Prepend(agent)).ToList();
        if (via.Count > AssistantChunkWire.MaxRelayDepth)
        {
            return null;
        }

        data["schema_version"] = AssistantChunkWire.RelayedSchemaVersion;
        data["via_agent"] = new JsonArray([.. via.Select(name => (JsonNode?)name)]);
        data["parent_call_id"] = chunk.Relay?.ParentCallId ?? relay!.ParentCallId;
        return data;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relayed assistant chunk of {Agent} dropped: deeper than {MaxDepth} agents")]
    private static partial void LogRelayTooDeep(ILogger logger, string agent, int maxDepth);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send {Method} to the caller: {Reason}")]
    private static partial void LogNotificationFailed(ILogger logger, string method, string reason);
}
