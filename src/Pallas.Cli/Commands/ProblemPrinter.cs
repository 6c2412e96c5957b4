using Pallas.Configuration.Diagnostics;
using Pallas.Configuration.Project;

namespace Pallas.Cli.Commands;

/// <summary>Prints configuration problems the way compilers do (<c>file:line: error: key: message</c>), errors first.</summary>
internal static class ProblemPrinter
{
    public static void Print(ProjectLoadResult result, string directory, TextWriter output) => Print(result.Diagnostics, directory, output);

    public static void Print(IReadOnlyList<ConfigDiagnostic> diagnostics, string directory, TextWriter output)
    {
        var ordered = diagnostics
            .OrderByDescending(d => d.Severity)
            .ThenBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ToList();
        foreach (var diagnostic in ordered)
        {
            output.WriteLine(diagnostic.ToString());
        }

        var errors = ordered.Count(d => d.Severity == ConfigSeverity.Error);
        var warnings = ordered.Count - errors;
        if (ordered.Count > 0)
        {
            output.WriteLine($"{directory}: {errors} error(s), {warnings} warning(s).");
        }
    }
}
