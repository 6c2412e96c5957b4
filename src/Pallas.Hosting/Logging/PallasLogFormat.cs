namespace Pallas.Hosting.Logging;

/// <summary>How log lines are written.</summary>
public enum PallasLogFormat
{
    /// <summary>One JSON object per line (the default when stdout is not a terminal).</summary>
    Json,

    /// <summary>Human-readable lines (the default on a terminal).</summary>
    Text,
}
