using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Pallas.Agents.Downstream;

/// <summary>
/// The logger factory the MCP client gets: everything passes through, except two SDK lines that become DEBUG because
/// they are normal or already said. The client probes a server with <c>server/discover</c> (revision 2026-07-28) and
/// falls back to <c>initialize</c>, so "Method not found" from an older server is not a warning on every start; and a
/// failed connect is logged once, by Pallas, with the server's name and the retry, so the SDK's own
/// "client initialization error" (an ERROR with a stack trace) would only repeat it.
/// </summary>
internal sealed class McpClientLogFilter(ILoggerFactory inner) : ILoggerFactory
{
    private const string DiscoverMethod = "server/discover";
    private const int MethodNotFound = -32601;
    private const string InitializationError = "client initialization error";

    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The factory belongs to the host; this wrapper owns nothing.
    public void Dispose()
    {
    }

    private static bool IsRoutine<TState>(TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return false;
        }

        var (discover, notFound) = (false, false);
        foreach (var (key, value) in fields)
        {
            // The SDK's LoggerMessage fields: Method, ErrorCode, and the template as {OriginalFormat}.
            discover |= key.Equals("Method", StringComparison.OrdinalIgnoreCase) && value is DiscoverMethod;
            notFound |= key.Equals("ErrorCode", StringComparison.OrdinalIgnoreCase) && value is int or long && Convert.ToInt64(value, CultureInfo.InvariantCulture) == MethodNotFound;
            if (key == "{OriginalFormat}" && value is string format && format.Contains(InitializationError, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return discover && notFound;
    }

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel > LogLevel.Debug && IsRoutine(state))
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
