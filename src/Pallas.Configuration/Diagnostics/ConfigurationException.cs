namespace Pallas.Configuration.Diagnostics;

/// <summary>Thrown when a project cannot be loaded; carries every problem found, not just the first.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public ConfigurationException(IReadOnlyList<ConfigDiagnostic> diagnostics)
        : base(Describe(diagnostics)) => Diagnostics = diagnostics;

    /// <summary>Every problem found, errors and warnings.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    private static string Describe(IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Where(d => d.Severity == ConfigSeverity.Error).ToList();
        return $"The project has {errors.Count} configuration error(s):{Environment.NewLine}"
            + string.Join(Environment.NewLine, errors.Select(d => "  " + d));
    }
}
