using System.Globalization;
using System.Text.RegularExpressions;
using Pallas.Configuration.Models;

namespace Pallas.Providers.Bedrock.Mapping;

/// <summary>
/// How <c>bedrock.reasoning</c> becomes Claude thinking. Older Claude models take <c>thinking.type: enabled</c> with a
/// token budget; Claude 4.6 and later take <c>thinking.type: adaptive</c> with <c>output_config.effort</c> (Opus 4.7
/// rejects the budget form with a 400, and it is deprecated on Opus/Sonnet 4.6). Minimal means no extended thinking.
/// </summary>
internal static partial class ReasoningBudget
{
    /// <summary>Anthropic's smallest accepted thinking budget.</summary>
    public const int MinimumBudget = 1024;

    /// <summary>Budget for <see cref="ReasoningLevel.Low"/>.</summary>
    public const int Low = 1024;

    /// <summary>Budget for <see cref="ReasoningLevel.Medium"/>.</summary>
    public const int Medium = 4096;

    /// <summary>Budget for <see cref="ReasoningLevel.High"/>.</summary>
    public const int High = 16384;

    /// <summary>Room left for the answer itself when the requested max_tokens would not exceed the budget.</summary>
    public const int AnswerHeadroom = 4096;

    /// <summary>The budget for a level on a budget-style Claude model, or null when thinking is off, adaptive, or the model is not Claude.</summary>
    public static int? For(ReasoningLevel? level, string modelId) =>
        IsClaude(modelId) && !UsesAdaptiveThinking(modelId) ? level switch
        {
            ReasoningLevel.Low => Low,
            ReasoningLevel.Medium => Medium,
            ReasoningLevel.High => High,
            _ => null,
        } : null;

    /// <summary>The <c>output_config.effort</c> for a level on an adaptive-thinking Claude model, or null.</summary>
    public static string? AdaptiveEffort(ReasoningLevel? level, string modelId) =>
        UsesAdaptiveThinking(modelId) && level is ReasoningLevel.Low or ReasoningLevel.Medium or ReasoningLevel.High
            ? level.Value.ToConfigName()
            : null;

    /// <summary>Whether the id names an Anthropic Claude model (plain, cross-region or inside an ARN).</summary>
    public static bool IsClaude(string modelId) => modelId.Contains("anthropic.claude", StringComparison.OrdinalIgnoreCase);

    /// <summary>Claude 4.6 and later (<c>claude-opus-4-7</c>, <c>claude-sonnet-4-6</c>, a future <c>claude-x-5</c>).</summary>
    public static bool UsesAdaptiveThinking(string modelId)
    {
        var match = ClaudeVersion().Match(modelId);
        if (!match.Success || !IsClaude(modelId))
        {
            return false;
        }

        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups["minor"].Success ? int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture) : 0;
        return major > 4 || (major == 4 && minor >= 6);
    }

    // claude-<family>-<major>[-<minor>]: the minor is one or two digits, so a date suffix (-20251001) is not taken for it.
    [GeneratedRegex(@"claude-[a-z]+-(?<major>\d{1,2})(?:-(?<minor>\d{1,2})(?!\d))?", RegexOptions.IgnoreCase)]
    private static partial Regex ClaudeVersion();
}
