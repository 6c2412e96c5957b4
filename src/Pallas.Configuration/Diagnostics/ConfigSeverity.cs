namespace Pallas.Configuration.Diagnostics;

/// <summary>How serious a configuration problem is.</summary>
public enum ConfigSeverity
{
    /// <summary>Tolerated (unknown keys and fields); reported by <c>pallas check</c>.</summary>
    Warning,

    /// <summary>The project cannot start.</summary>
    Error,
}
