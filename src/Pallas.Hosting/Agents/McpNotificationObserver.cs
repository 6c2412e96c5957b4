using System.Buffers;
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
/// (<c>pallas.assistant</c>) per LLM iteration, its own or one relayed from a downstream Pallas agent (only when
/// <paramref name="sendChunks"/>, see <see cref="ChunkDelivery"/>). Never throws: a lost notification must not fail
/// the turn.
/// </summary>
/// <remarks>
/// When the caller is itself a Pallas agent (<paramref name="relay"/>, from the request's <c>_meta</c>), every chunk
/// goes out as <c>schema_version</c> 3 with this agent first in <c>via_agent</c>, tagged with the caller's relay id.
/// </remarks>
internal sealed partial class McpNotificationObserver(
    McpServer server,
    ProgressToken? progressToken,
    bool sendChunks,
    string agent,
    string? conversationId,
    InboundRelay? relay,
    ILogger logger) : IAgentObserver, IDisposable
{
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
        if (!sendChunks)
        {
            return;
        }

        try
        {
            if (ToChunkElement(chunk, agent, conversationId, relay) is not { } data)
            {
                LogRelayTooDeep(logger, chunk.Relay?.Agent ?? agent, AssistantChunkWire.MaxRelayDepth);
                return;
            }

            var notification = new LoggingMessageNotificationParams
            {
                Level = LoggingLevel.Info,
                Logger = AssistantChunkWire.Logger,
                Data = data,
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
    /// The <c>data</c> of the <c>assistant_chunk</c> notification this observer sends for <paramref name="chunk"/> (see
    /// <see cref="AssistantChunkData.From"/>), as a JSON object; <see langword="null"/> when it is too deep to relay.
    /// </summary>
    public static JsonObject? ToChunkData(AssistantChunk chunk, string agent, string? conversationId, InboundRelay? relay = null) =>
        ToChunkElement(chunk, agent, conversationId, relay) is { } data ? JsonObject.Create(data) : null;

    private static JsonElement? ToChunkElement(AssistantChunk chunk, string agent, string? conversationId, InboundRelay? relay)
    {
        if (AssistantChunkData.From(chunk, agent, conversationId, relay) is not { } data)
        {
            return null;
        }

        // Into an ordinary array the GC takes back, not SerializeToElement's pooled one; the context writes long strings
        // in segments, so the escaping scratch stays small as well (docs/performance.md, burst).
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            JsonSerializer.Serialize(writer, data, AssistantChunkJsonContext.Default.AssistantChunkData);
        }

        var reader = new Utf8JsonReader(output.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relayed assistant chunk of {Agent} dropped: deeper than {MaxDepth} agents")]
    private static partial void LogRelayTooDeep(ILogger logger, string agent, int maxDepth);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send {Method} to the caller: {Reason}")]
    private static partial void LogNotificationFailed(ILogger logger, string method, string reason);
}
