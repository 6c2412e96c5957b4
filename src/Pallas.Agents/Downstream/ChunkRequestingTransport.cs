using System.Threading.Channels;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.Downstream;

/// <summary>
/// Asks a Pallas agent for its <c>assistant_chunk</c> notifications under revision 2026-07-28, which sends
/// <c>notifications/message</c> only to requests whose <c>_meta</c> carries <c>io.modelcontextprotocol/logLevel</c>:
/// the sub-agent relay and <c>pallas send</c> both need them.
/// </summary>
/// <remarks>
/// The MCP C# client writes the per-request <c>_meta</c> itself just before sending and drops any log level a caller
/// put there, so the level is added here, on the way to the wire, to every <c>tools/call</c> of a 2026-07-28 session.
/// Older revisions need nothing: their servers send log notifications to every request. A downstream server that is
/// not a Pallas agent may now send its own log lines too, as older servers always did; the relay ignores them.
/// </remarks>
public sealed class ChunkRequestingTransport(IClientTransport inner) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken));

    /// <summary>Sets <c>_meta</c> <c>io.modelcontextprotocol/logLevel</c> to <c>info</c> where the remarks say; returns whether it did.</summary>
    public static bool RequestChunks(JsonRpcMessage message)
    {
        if (message is not JsonRpcRequest { Method: RequestMethods.ToolsCall, Params: JsonObject parameters }
            || parameters["_meta"] is not JsonObject meta
            || !McpRevision.IsStateless(InboundRelay.Text(meta[MetaKeys.ProtocolVersion])))
        {
            return false;
        }

        meta[MetaKeys.LogLevel] = "info";
        return true;
    }

    private sealed class Session(ITransport inner) : ITransport
    {
        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => inner.MessageReader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        {
            RequestChunks(message);
            return inner.SendMessageAsync(message, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
