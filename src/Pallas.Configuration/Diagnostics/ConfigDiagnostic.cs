namespace Pallas.Configuration.Diagnostics;

/// <summary>One configuration problem, located precisely enough to fix without searching.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="File">The file, relative to the project directory.</param>
/// <param name="Line">1-based line, or 0 when the problem is the file as a whole.</param>
/// <param name="Key">The dotted key path, e.g. <c>agents.jarvis.port</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ConfigDiagnostic(ConfigSeverity Severity, string File, int Line, string Key, string Message)
{
    /// <summary><c>file:line: error: key: message</c>, the form compilers use so editors can jump to it.</summary>
    public override string ToString()
    {
        var location = Line > 0 ? $"{File}:{Line}" : File;
        var severity = Severity == ConfigSeverity.Error ? "error" : "warning";
        var key = Key.Length > 0 ? $"{Key}: " : "";
        return $"{location}: {severity}: {key}{Message}";
    }
}
