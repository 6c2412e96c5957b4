namespace Pallas.Configuration.Models;

/// <summary>What Bedrock Mantle does not serve, known before a call is made (pallas check) and said again if one is.</summary>
public static class MantleModels
{
    /// <summary>Why Claude Sonnet 4.6 cannot be reached through Mantle, and what to write instead.</summary>
    public const string SonnetHasNoMantleEndpoint =
        "Claude Sonnet 4.6 has no Mantle endpoint; use the bedrock provider (path 1) instead: "
        + "default_model: bedrock.us.anthropic.claude-sonnet-4-6 (or bedrock.anthropic.claude-sonnet-4-6 in-region)";

    /// <summary>Whether Mantle refuses <paramref name="modelId"/> (Claude Sonnet 4.6, in any id form).</summary>
    public static bool IsUnavailable(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return modelId.Contains("claude-sonnet-4-6", StringComparison.OrdinalIgnoreCase);
    }
}
