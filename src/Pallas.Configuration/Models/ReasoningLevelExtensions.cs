namespace Pallas.Configuration.Models;

/// <summary>Parsing and naming of <see cref="ReasoningLevel"/>.</summary>
public static class ReasoningLevelExtensions
{
    /// <summary>Parses <c>minimal</c>, <c>low</c>, <c>medium</c> or <c>high</c> (any case).</summary>
    public static bool TryParse(string? text, out ReasoningLevel level)
    {
        level = default;
        return text is not null && !int.TryParse(text, out _) && Enum.TryParse(text.Trim(), ignoreCase: true, out level) && Enum.IsDefined(level);
    }

    /// <summary>The lower-case configuration name.</summary>
    public static string ToConfigName(this ReasoningLevel level) => level.ToString().ToLowerInvariant();
}
