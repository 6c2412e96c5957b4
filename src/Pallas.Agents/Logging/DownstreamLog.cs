using Microsoft.Extensions.Logging;

namespace Pallas.Agents.Logging;

/// <summary>Log events of the downstream MCP connections.</summary>
internal static partial class DownstreamLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "MCP server {server} connected over {transport} with {tool_count} tools")]
    public static partial void Connected(ILogger logger, string server, string transport, int tool_count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "MCP server {server} failed to start: {error}; retrying in the background")]
    public static partial void ConnectFailed(ILogger logger, string server, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "MCP server {server} connection broke: {error}; reconnecting in the background")]
    public static partial void SessionBroken(ILogger logger, string server, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "MCP server {server} reconnect failed: {error}; next try in {backoff_seconds} s")]
    public static partial void ReconnectFailed(ILogger logger, string server, string error, double backoff_seconds);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Relayed assistant chunk from {server} dropped: {reason}")]
    public static partial void RelayDropped(ILogger logger, string server, string reason);
}
