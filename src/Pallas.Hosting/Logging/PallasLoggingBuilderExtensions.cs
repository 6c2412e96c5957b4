using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Pallas.Hosting.Logging;

/// <summary>Registers Pallas logging: one console sink, JSON lines or text, secrets redacted.</summary>
public static class PallasLoggingBuilderExtensions
{
    /// <summary>
    /// The category of the "Pallas ready" line, logged whatever the level: it is what an operator (or a script tailing
    /// the log) waits for, and <c>PALLAS_LOG_LEVEL=error</c> should quiet the chatter, not hide that the server is up.
    /// </summary>
    public const string ReadyCategory = "Pallas.Ready";

    /// <summary>Replaces the providers with the Pallas console sink at <paramref name="settings"/>' level and format.</summary>
    public static ILoggingBuilder AddPallasLogging(this ILoggingBuilder logging, PallasLogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(settings);

        logging.ClearProviders();
        logging.SetMinimumLevel(settings.Level);

        // Framework chatter (request start/stop, routing) stays out unless the user asks for debug output.
        var frameworkLevel = settings.Level <= LogLevel.Debug ? settings.Level : LogLevel.Warning;
        logging.AddFilter("Microsoft", frameworkLevel);
        logging.AddFilter("System.Net.Http", frameworkLevel);
        logging.AddFilter("ModelContextProtocol", settings.Level <= LogLevel.Debug ? settings.Level : LogLevel.Warning);
        logging.AddFilter(ReadyCategory, LogLevel.Information);
        // The generic host logs "Hosting failed to start" for an exception that StartAsync also throws, and Pallas
        // reports that one, translated ("port 8201 is already in use ..."): one line, not an ERROR plus a CRITICAL.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        logging.AddConsole(console =>
        {
            console.FormatterName = PallasConsoleFormatter.FormatterName;
            // Logs go to stdout for journald and container runtimes; nothing below Critical to stderr.
            console.LogToStandardErrorThreshold = LogLevel.None;
        });
        logging.AddConsoleFormatter<PallasConsoleFormatter, PallasConsoleFormatterOptions>(formatter =>
        {
            formatter.Project = settings.Project;
            formatter.Component = settings.Component;
            formatter.Format = settings.Format;
            formatter.MinimumLevel = settings.Level;
        });
        return logging;
    }
}
