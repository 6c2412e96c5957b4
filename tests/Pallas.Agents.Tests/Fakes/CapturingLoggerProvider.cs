using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pallas.Agents.Tests.Fakes;

/// <summary>One captured log record with its structured fields.</summary>
internal sealed record CapturedLog(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields);

/// <summary>Captures every log record with its structured state, for assertions on events and fields.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(pair => pair.Key, pair => pair.Value)
                : [];
            owner.Records.Enqueue(new CapturedLog(logLevel, formatter(state, exception), fields));
        }
    }
}
