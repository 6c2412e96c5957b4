namespace Pallas.Configuration.Cards;

/// <summary>
/// The matching rule of a card's <c>tools:</c> entries, in one place so that serving (which filters the tools offered to
/// the model) and <c>pallas check --online</c> (which checks each entry against the server's real tools) agree.
/// </summary>
public static class ToolPattern
{
    /// <summary>
    /// Whether <paramref name="pattern"/> allows <paramref name="toolName"/>: the same name (case-sensitive, as MCP tool
    /// names are), or, for a pattern ending in <c>*</c>, any name starting with what comes before it.
    /// </summary>
    public static bool Matches(string pattern, string toolName)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(toolName);
        return IsWildcard(pattern)
            ? toolName.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, toolName, StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="pattern"/> is a prefix wildcard (ends in <c>*</c>).</summary>
    public static bool IsWildcard(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.EndsWith('*');
    }
}
