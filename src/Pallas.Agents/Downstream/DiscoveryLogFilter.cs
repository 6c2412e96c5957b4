using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Pallas.Agents.Downstream;

/// <summary>
/// The logger factory the MCP client gets: it passes everything through, except that the SDK's warning for a server
/// answering <c>server/discover</c> with "Method not found" becomes a debug line. The client probes for the
/// 2026-07-28 revision that way and falls back to <c>initialize</c>; a server on an older revision is normal, not a
/// warning on every start.
/// </summary>
internal sealed class DiscoveryLogFilter(ILoggerFactory inner) : ILoggerFactory
{
    private const string DiscoverMethod = "server/discover";
    private const int MethodNotFound = -32601;

    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The factory belongs to the host; this wrapper owns nothing.
    public void Dispose()
    {
    }

    private static bool IsDiscoveryNotFound<TState>(TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return false;
        }

        var (method, code) = (false, false);
        foreach (var (key, value) in fields)
        {
            // The SDK's LoggerMessage names them Method and ErrorCode.
            method |= key.Equals("Method", StringComparison.OrdinalIgnoreCase) && value is DiscoverMethod;
            code |= key.Equals("ErrorCode", StringComparison.OrdinalIgnoreCase) && value is int or long && Convert.ToInt64(value, CultureInfo.InvariantCulture) == MethodNotFound;
        }

        return method && code;
    }

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel > LogLevel.Debug && IsDiscoveryNotFound(state))
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
