namespace Pallas.Configuration.Cards;

/// <summary>
/// The one list of ratings, as written in cards and as evaluators answer: <c>POOR</c>, <c>FAIR</c>, <c>GOOD</c>,
/// <c>EXCELLENT</c>, in any case.
/// </summary>
public static class RatingExtensions
{
    /// <summary>The ratings as written, worst first: <c>POOR, FAIR, GOOD, EXCELLENT</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<Rating>().Select(ToConfigName)];

    /// <summary>Parses a rating name (any case, surrounding spaces ignored).</summary>
    public static bool TryParse(string? text, out Rating rating)
    {
        rating = default;
        return text is not null && !int.TryParse(text, out _) && Enum.TryParse(text.Trim(), ignoreCase: true, out rating) && Enum.IsDefined(rating);
    }

    /// <summary>The upper-case name, e.g. <c>GOOD</c>.</summary>
    public static string ToConfigName(this Rating rating) => rating.ToString().ToUpperInvariant();
}
