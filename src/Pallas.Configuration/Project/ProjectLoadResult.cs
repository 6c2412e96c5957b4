using Pallas.Configuration.Diagnostics;

namespace Pallas.Configuration.Project;

/// <summary>The outcome of loading a project: the project when it has no errors, and every problem found.</summary>
/// <param name="Project">The project, or <see langword="null"/> when any error was found.</param>
/// <param name="Diagnostics">Errors and warnings, in file order.</param>
public sealed record ProjectLoadResult(PallasProject? Project, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    /// <summary>The errors among <see cref="Diagnostics"/>.</summary>
    public IEnumerable<ConfigDiagnostic> Errors => Diagnostics.Where(d => d.Severity == ConfigSeverity.Error);

    /// <summary>The warnings among <see cref="Diagnostics"/>.</summary>
    public IEnumerable<ConfigDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == ConfigSeverity.Warning);

    /// <summary>Returns the project or throws <see cref="ConfigurationException"/> listing every error.</summary>
    public PallasProject GetProjectOrThrow() => Project ?? throw new ConfigurationException(Diagnostics);
}
