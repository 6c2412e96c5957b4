namespace Pallas.Configuration.Models;

/// <summary>What a model can take and produce; published in the registry and enforced at call time.</summary>
/// <param name="Vision">Whether image input is accepted. Images sent to a model without vision are refused.</param>
/// <param name="ContextWindow">Input context size in tokens.</param>
/// <param name="MaxOutputTokens">Upper bound for the tokens requested per LLM call.</param>
public sealed record ModelCapabilities(bool Vision, int ContextWindow, int MaxOutputTokens);
