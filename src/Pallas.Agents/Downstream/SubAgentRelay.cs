using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Logging;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.Downstream;

/// <summary>
/// Routes <c>assistant_chunk</c> notifications that downstream Pallas agents send during a tool call back to the
/// turn that made the call. The MCP client hands notifications to client-wide handlers with nothing tying them to a
/// request, so each call carries a unique <see cref="AssistantChunkWire.RelayIdMeta"/> that the downstream echoes in
/// every chunk's <c>_meta</c>; this table maps it to the calling turn's observer. Never throws.
/// </summary>
internal sealed class SubAgentRelay(ILogger logger)
{
    // Bounds the wait for chunks the downstream reported but the client has not dispatched yet: a lost one must not stall the turn.
    private static readonly TimeSpan LateChunkWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Registration> _routes = new(StringComparer.Ordinal);

    /// <summary>Opens a route for one tool call; the returned registration's <c>_meta</c> goes on the request. Dispose to close it.</summary>
    public Registration Register(string parentCallId, IAgentObserver observer)
    {
        var registration = new Registration(this, new InboundRelay(parentCallId, Guid.NewGuid().ToString("N")), observer);
        _routes[registration.RelayId] = registration;
        return registration;
    }

    /// <summary>The client-wide <c>notifications/message</c> handler of one downstream connection.</summary>
    public async ValueTask ForwardAsync(string server, JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        try
        {
            if (notification.Params is not JsonObject parameters
                || InboundRelay.Text(parameters["_meta"]?[AssistantChunkWire.RelayIdMeta]) is not { } relayId
                || InboundRelay.Text(parameters["logger"]) != AssistantChunkWire.Logger)
            {
                return;
            }

            if (!_routes.TryGetValue(relayId, out var route))
            {
                // The calling turn already ended: nobody is left to relay to.
                DownstreamLog.RelayDropped(logger, server, "its call has finished");
                return;
            }

            try
            {
                if (Parse(parameters["data"]) is { } chunk)
                {
                    await route.Observer.OnAssistantChunkAsync(chunk, cancellationToken);
                }
                else
                {
                    DownstreamLog.RelayDropped(logger, server, "not a schema_version 3 assistant_chunk within the relay depth");
                }
            }
            finally
            {
                route.Received();
            }
        }
        catch (Exception exception)
        {
            // A relay is a courtesy to the caller: a failure here must never reach the turn.
            DownstreamLog.RelayDropped(logger, server, exception.Message);
        }
    }

    /// <summary>A relayed chunk from the <c>data</c> of a downstream notification, or <see langword="null"/> when it is not one.</summary>
    internal static AssistantChunk? Parse(JsonNode? data)
    {
        try
        {
            // Back to bytes in segments into an ordinary array, as the sender wrote them, rather than through
            // JsonNode.Deserialize's pooled buffer and full-length escaping (docs/performance.md, burst).
            var json = SegmentedJson.ToUtf8(data);
            return JsonSerializer.Deserialize(json.Span, AssistantChunkJsonContext.Default.AssistantChunkData)?.ToRelayedChunk();
        }
        catch (JsonException)
        {
            // A field missing or of the wrong type: not a chunk, dropped like any other that is not a relay.
            return null;
        }
    }

    /// <summary>One open route; disposing closes it, and chunks arriving later are dropped.</summary>
    internal sealed class Registration(SubAgentRelay owner, InboundRelay relay, IAgentObserver observer) : IDisposable
    {
        private readonly SemaphoreSlim _received = new(0);

        /// <summary>The <c>_meta</c> of the tool call.</summary>
        public JsonObject Meta => relay.ToMeta();

        public string RelayId => relay.RelayId;

        public IAgentObserver Observer => observer;

        /// <summary>
        /// Waits (briefly, bounded) until <paramref name="count"/> chunks of this call were handled: the downstream
        /// reports how many it sent in the result's <c>_meta</c>, and the MCP client may dispatch them after the result.
        /// </summary>
        public async Task WaitForChunksAsync(int count, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var left = LateChunkWait - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero || !await _received.WaitAsync(left, cancellationToken))
                {
                    return;
                }
            }
        }

        public void Received() => _received.Release();

        public void Dispose()
        {
            owner._routes.TryRemove(relay.RelayId, out _);
            _received.Dispose();
        }
    }
}
