using Pallas.Configuration.Models;

namespace Pallas.Providers.Bedrock.Mapping;

/// <summary>Thinking budgets for <c>bedrock.reasoning</c> on Claude models (minimal means no extended thinking).</summary>
internal static class ReasoningBudget
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

    /// <summary>The budget for a level, or null when thinking is off or the model is not Claude.</summary>
    public static int? For(ReasoningLevel? level, string modelId) =>
        IsClaude(modelId) ? level switch
        {
            ReasoningLevel.Low => Low,
            ReasoningLevel.Medium => Medium,
            ReasoningLevel.High => High,
            _ => null,
        } : null;

    /// <summary>Whether the id names an Anthropic Claude model (plain, cross-region or inside an ARN).</summary>
    public static bool IsClaude(string modelId) => modelId.Contains("anthropic.claude", StringComparison.OrdinalIgnoreCase);
}
