using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Pallas.Agents.Messaging;

// MCP9005: logging is deprecated from 2026-07-28 (SEP-2577), yet that revision still defines the per-request level.
#pragma warning disable MCP9005

namespace Pallas.Hosting.Agents;

/// <summary>Whether a <c>send_message</c> request gets the <c>assistant_chunk</c> <c>notifications/message</c>.</summary>
/// <remarks>
/// Revision 2026-07-28 has no session to keep a log level in: "servers MUST NOT emit notifications/message for
/// requests that did not include" <c>_meta</c> <c>io.modelcontextprotocol/logLevel</c>, and chunks are <c>info</c>,
/// so they go out when that level is <c>info</c> or <c>debug</c>. Older revisions (initialize; Daedalus, the
/// TypeScript SDK 1.x) always got them and still do. Progress notifications follow the progress token in both.
/// </remarks>
internal static class ChunkDelivery
{
    public static bool IsRequested(JsonRpcRequest request, McpServer server)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(server);
        var version = request.Context?.ProtocolVersion ?? server.NegotiatedProtocolVersion;
        return !McpRevision.IsStateless(version)
            || request.Context?.LogLevel <= LoggingLevel.Info;
    }
}
