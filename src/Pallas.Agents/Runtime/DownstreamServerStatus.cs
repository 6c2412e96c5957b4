namespace Pallas.Agents.Runtime;

/// <summary>Where a downstream MCP server stands, as <c>get_health</c> reports it.</summary>
public enum DownstreamServerStatus
{
    /// <summary>Connected, and it answered the last probe.</summary>
    Ok,

    /// <summary>Its first connection attempt is still under way (servers connect in the background at start-up).</summary>
    Connecting,

    /// <summary>Not connected, or the probe failed; retried in the background.</summary>
    Error,
}
