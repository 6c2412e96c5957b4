using Microsoft.Extensions.Logging;

namespace Pallas.Agents.Logging;

/// <summary>Log events of the downstream MCP connections.</summary>
internal static partial class DownstreamLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "MCP server {Server} connected over {Transport} with {ToolCount} tools")]
    public static partial void Connected(ILogger logger, string server, string transport, int toolCount);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "MCP server {Server} failed to start: {Error}; retrying in the background")]
    public static partial void ConnectFailed(ILogger logger, string server, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "MCP server {Server} connection broke: {Error}; reconnecting in the background")]
    public static partial void SessionBroken(ILogger logger, string server, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "MCP server {Server} reconnect failed: {Error}; next try in {BackoffSeconds} s")]
    public static partial void ReconnectFailed(ILogger logger, string server, string error, double backoffSeconds);
}
