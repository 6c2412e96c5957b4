namespace Pallas.Configuration.Settings;

/// <summary>
/// The log level names users write (Python's included), in one place for <c>logger.level</c> and <c>PALLAS_LOG_LEVEL</c>.
/// Each normalizes to the name of a <c>Microsoft.Extensions.Logging.LogLevel</c> member.
/// </summary>
public static class LogLevelName
{
    /// <summary>The names to show in an error.</summary>
    public const string Valid = "trace, debug, info, warning, error, critical or none";

    /// <summary><c>Trace</c> … <c>None</c> for a known name (case-insensitive); <see langword="null"/> otherwise.</summary>
    public static string? Normalize(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => "Trace",
        "DEBUG" => "Debug",
        "INFO" or "INFORMATION" => "Information",
        "WARN" or "WARNING" => "Warning",
        "ERROR" => "Error",
        "CRITICAL" or "FATAL" => "Critical",
        "NONE" or "OFF" => "None",
        _ => null,
    };
}
