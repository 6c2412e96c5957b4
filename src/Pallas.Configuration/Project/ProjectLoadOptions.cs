namespace Pallas.Configuration.Project;

/// <summary>How <see cref="ProjectLoader"/> finds and reads a project.</summary>
public sealed record ProjectLoadOptions
{
    /// <summary>Variable lookup (default: the process environment). <c>.env</c> fills only variables it does not have.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Copy <c>.env</c> variables that are not already set into the process environment (the CLI does; tests don't).</summary>
    public bool ExportDotEnv { get; init; }
}
