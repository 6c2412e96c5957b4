using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Pallas.Hosting.Logging;

/// <summary>Options of <see cref="PallasConsoleFormatter"/>.</summary>
internal sealed class PallasConsoleFormatterOptions : ConsoleFormatterOptions
{
    public string Project { get; set; } = "";

    public string Component { get; set; } = "pallas";

    public PallasLogFormat Format { get; set; } = PallasLogFormat.Json;

    public LogLevel MinimumLevel { get; set; } = LogLevel.Information;
}
