namespace Pallas.Configuration.Models;

/// <summary>What a model can take and produce; published in the registry and enforced at call time.</summary>
/// <param name="Vision">Whether image input is accepted. Images sent to a model without vision are refused.</param>
/// <param name="ContextWindow">Input context size in tokens.</param>
/// <param name="MaxOutputTokens">Upper bound for the tokens requested per LLM call.</param>
public sealed record ModelCapabilities(bool Vision, int ContextWindow, int MaxOutputTokens)
{
    /// <summary>
    /// The output token limit to request: <paramref name="requested"/>, bounded by <see cref="MaxOutputTokens"/>; the
    /// maximum itself when nothing (or nothing positive) was asked for. The one place this rule is written.
    /// </summary>
    public int BoundOutputTokens(int? requested) =>
        requested is { } value && value > 0 ? Math.Min(value, MaxOutputTokens) : MaxOutputTokens;
}
