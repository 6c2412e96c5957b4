using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Pallas.Hosting.Logging;

/// <summary>Writes Pallas log lines (JSON or text) with the service, project and component fields and no secrets.</summary>
internal sealed class PallasConsoleFormatter(IOptionsMonitor<PallasConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "pallas";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? "";
        if (message.Length == 0 && logEntry.Exception is null)
        {
            return;
        }

        List<KeyValuePair<string, object?>> fields = [];
        scopeProvider?.ForEachScope(
            static (scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    list.AddRange(pairs);
                }
            },
            fields);
        if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> state)
        {
            fields.AddRange(state);
        }

        var settings = options.CurrentValue;
        var record = new PallasLogRecord(DateTimeOffset.UtcNow, logEntry.LogLevel, logEntry.Category, message, logEntry.Exception, fields);
        textWriter.WriteLine(settings.Format == PallasLogFormat.Json
            ? PallasLogLine.Json(record, settings.Project, settings.Component, includeStackTrace: settings.MinimumLevel <= LogLevel.Debug)
            : PallasLogLine.Text(record, settings.Component));
    }
}
