using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;

namespace Pallas.Providers.Anthropic;

/// <summary>What a request to one Anthropic model may contain: decided once when the client is created.</summary>
/// <param name="WireModelId">The model id sent in the body (<c>anthropic.</c>-prefixed on Mantle).</param>
/// <param name="IsMantle">Whether the endpoint is Bedrock Mantle (no thinking there).</param>
/// <param name="Capabilities">The model's capabilities (output token bound).</param>
/// <param name="Reasoning">The thinking level from the model string, if any.</param>
internal sealed record AnthropicRequestProfile(string WireModelId, bool IsMantle, ModelCapabilities Capabilities, ReasoningLevel? Reasoning)
{
    // Models that take adaptive thinking (thinking.type=adaptive + output_config.effort); older ones take a budget.
    private static readonly string[] AdaptiveThinkingModels = ["claude-opus-4-6", "claude-opus-4-7", "claude-sonnet-4-6"];

    /// <summary>Whether temperature, top_p and top_k may be sent: Claude Opus 4.7 takes none of them.</summary>
    public bool AcceptsSampling => !WireModelId.Contains("claude-opus-4-7", StringComparison.OrdinalIgnoreCase);

    /// <summary>How the SDK must send thinking for this model.</summary>
    public AnthropicThinkingMode ThinkingMode =>
        AdaptiveThinkingModels.Any(id => WireModelId.Contains(id, StringComparison.OrdinalIgnoreCase))
            ? AnthropicThinkingMode.Adaptive
            : AnthropicThinkingMode.Extended;
}
