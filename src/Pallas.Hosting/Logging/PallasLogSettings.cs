using Microsoft.Extensions.Logging;
using Pallas.Configuration.Settings;

namespace Pallas.Hosting.Logging;

/// <summary>What <see cref="PallasLoggingBuilderExtensions.AddPallasLogging"/> sets up.</summary>
/// <param name="Project">The agents.yaml <c>name</c>: the <c>project</c> field of every line.</param>
/// <param name="Component">The agent name, <c>registry</c> or <c>pallas</c>: the <c>component</c> field.</param>
/// <param name="Level">The minimum level.</param>
/// <param name="Format">JSON lines or human-readable text.</param>
public sealed record PallasLogSettings(string Project, string Component, LogLevel Level, PallasLogFormat Format)
{
    /// <summary>Environment variable naming the level (trace, debug, info, warning, error, critical).</summary>
    public const string LevelVariable = "PALLAS_LOG_LEVEL";

    /// <summary>Environment variable naming the format (json or text).</summary>
    public const string FormatVariable = "PALLAS_LOG_FORMAT";

    /// <summary>
    /// Level: <c>PALLAS_LOG_LEVEL</c>, else <paramref name="configuredLevel"/> (<c>logger.level</c>), else information.
    /// Format: <c>PALLAS_LOG_FORMAT</c>, else text on a terminal and JSON otherwise.
    /// </summary>
    public static PallasLogSettings FromEnvironment(string project, string component, string? configuredLevel) => new(
        project,
        component,
        ParseLevel(Environment.GetEnvironmentVariable(LevelVariable)) ?? ParseLevel(configuredLevel) ?? LogLevel.Information,
        ParseFormat(Environment.GetEnvironmentVariable(FormatVariable)) ?? (Console.IsOutputRedirected ? PallasLogFormat.Json : PallasLogFormat.Text));

    /// <summary>Parses a level name as users write it (Python's names included); <see langword="null"/> when unknown.</summary>
    public static LogLevel? ParseLevel(string? text) => LogLevelName.Normalize(text) is { } name ? Enum.Parse<LogLevel>(name) : null;

    /// <summary>
    /// What is wrong with the <c>PALLAS_LOG_*</c> variables, one line each, for the log once it exists: a typo used to
    /// fall back to the default without a word.
    /// </summary>
    public static IEnumerable<string> EnvironmentProblems(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        if (variable(LevelVariable) is { Length: > 0 } level && ParseLevel(level) is null)
        {
            yield return $"{LevelVariable}='{level}' is not a log level and was ignored; use {LogLevelName.Valid}.";
        }

        if (variable(FormatVariable) is { Length: > 0 } format && ParseFormat(format) is null)
        {
            yield return $"{FormatVariable}='{format}' is not a log format and was ignored; use json or text.";
        }
    }

    /// <summary>Parses <c>json</c> or <c>text</c> (also <c>human</c>); <see langword="null"/> when unknown.</summary>
    public static PallasLogFormat? ParseFormat(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "JSON" => PallasLogFormat.Json,
        "TEXT" or "HUMAN" or "CONSOLE" => PallasLogFormat.Text,
        _ => null,
    };
}
