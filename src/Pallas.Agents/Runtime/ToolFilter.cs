namespace Pallas.Agents.Runtime;

/// <summary>Matches a card's <c>tools:</c> entries against tool names: exact names, or a trailing <c>*</c> as a prefix wildcard.</summary>
internal static class ToolFilter
{
    public static bool Matches(string pattern, string toolName) =>
        pattern.EndsWith('*')
            ? toolName.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, toolName, StringComparison.Ordinal);
}
