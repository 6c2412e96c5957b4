namespace Pallas.Agents.Messaging;

/// <summary>The MCP protocol revisions Pallas tells apart, on both sides of a call.</summary>
/// <remarks>The MCP C# SDK keeps its own version table internal; revision ids are dates, so they order as strings.</remarks>
public static class McpRevision
{
    /// <summary>The first stateless revision: no initialize, per-request <c>_meta</c>, log level per request.</summary>
    public const string July2026 = "2026-07-28";

    /// <summary>Whether <paramref name="version"/> is <see cref="July2026"/> or later; <see langword="false"/> for none.</summary>
    public static bool IsStateless(string? version) =>
        version is { Length: 10 } && string.CompareOrdinal(version, July2026) >= 0;
}
