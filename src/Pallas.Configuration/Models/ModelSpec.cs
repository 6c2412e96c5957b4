using System.Diagnostics.CodeAnalysis;

namespace Pallas.Configuration.Models;

/// <summary>A parsed model string: <c>provider.model-id[?reasoning=level]</c>, or a bare offline model name.</summary>
/// <param name="Provider">The provider: the first dot-separated segment.</param>
/// <param name="ModelId">Everything after the first dot, kept whole (<c>us.anthropic.claude-sonnet-4-6</c>); the bare name for offline models.</param>
/// <param name="Reasoning">The <c>?reasoning=</c> level, if given.</param>
public sealed record ModelSpec(ModelProvider Provider, string ModelId, ReasoningLevel? Reasoning = null)
{
    /// <summary>The four forms of the Bedrock integration guide, shown whenever a model string is wrong.</summary>
    public const string ValidForms = """
        The model string must be provider.model-id. Examples:
          default_model: bedrock.us.anthropic.claude-sonnet-4-6   # Direct Bedrock, geo inference
          default_model: bedrock.anthropic.claude-sonnet-4-6      # Direct Bedrock, in-region
          default_model: anthropic.claude-opus-4-7                # Mantle via Anthropic provider
          default_model: openai.minimax.minimax-m2.5              # Mantle via OpenAI provider
        Providers: bedrock, anthropic, openai, generic; offline models: passthrough, playback, silent, slow.
        """;

    private static readonly Dictionary<string, ModelProvider> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bedrock"] = ModelProvider.Bedrock,
        ["anthropic"] = ModelProvider.Anthropic,
        ["openai"] = ModelProvider.OpenAI,
        ["generic"] = ModelProvider.Generic,
    };

    private static readonly Dictionary<string, ModelProvider> OfflineNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["passthrough"] = ModelProvider.Passthrough,
        ["playback"] = ModelProvider.Playback,
        ["silent"] = ModelProvider.Silent,
        ["slow"] = ModelProvider.Slow,
    };

    /// <summary>The model string as it would be written in configuration.</summary>
    public override string ToString()
    {
        var text = Provider.IsOffline() ? ModelId : $"{Provider.ToConfigName()}.{ModelId}";
        return Reasoning is { } level ? $"{text}?reasoning={level.ToConfigName()}" : text;
    }

    /// <summary>Parses a model string; on failure <paramref name="error"/> says what is wrong and shows the valid forms.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ModelSpec? spec, [NotNullWhen(false)] out string? error)
    {
        spec = null;
        var value = text?.Trim() ?? "";
        ReasoningLevel? reasoning = null;

        var query = value.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            if (!TryParseQuery(value[(query + 1)..], out reasoning, out error))
            {
                return false;
            }

            value = value[..query];
        }

        if (OfflineNames.TryGetValue(value, out var offline))
        {
            spec = new ModelSpec(offline, value.ToLowerInvariant(), reasoning);
            error = null;
            return true;
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && dot < value.Length - 1 && Prefixes.TryGetValue(value[..dot], out var provider))
        {
            var modelId = value[(dot + 1)..];
            if (provider == ModelProvider.Bedrock && MissesBedrockVendor(modelId))
            {
                // Bedrock would answer 400 on every call; the id the user meant is usually the vendor-qualified one.
                var bare = ModelDatabase.StripCrossRegionPrefix(modelId);
                var vendor = bare.StartsWith("claude-", StringComparison.OrdinalIgnoreCase) ? "anthropic" : "<vendor>";
                var meant = $"bedrock.{modelId[..^bare.Length]}{vendor}.{bare}";
                error = $"'{text}': a Bedrock model id names its vendor (anthropic., amazon., meta., …); write {meant}, or put a cross-region prefix before the vendor (bedrock.us.anthropic.…).";
                return false;
            }

            spec = new ModelSpec(provider, modelId, reasoning);
            error = null;
            return true;
        }

        error = value.Length == 0
            ? $"No model is set.\n{ValidForms}"
            : $"'{text}' has no known provider.\n{ValidForms}";
        return false;
    }

    // A vendor-qualified id (anthropic.claude-…, us.anthropic.…) has a dot; an ARN names the model by other means.
    private static bool MissesBedrockVendor(string modelId) =>
        !modelId.StartsWith("arn:", StringComparison.Ordinal) && !ModelDatabase.StripCrossRegionPrefix(modelId).Contains('.', StringComparison.Ordinal);

    /// <summary>Parses a model string or throws <see cref="FormatException"/> with the message of <see cref="TryParse"/>.</summary>
    public static ModelSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec : throw new FormatException(error);

    private static bool TryParseQuery(string query, out ReasoningLevel? reasoning, [NotNullWhen(false)] out string? error)
    {
        reasoning = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (!parts[0].Equals("reasoning", StringComparison.OrdinalIgnoreCase))
            {
                error = $"Unsupported model query parameter '{parts[0]}'; only '?reasoning=minimal|low|medium|high' is accepted.";
                return false;
            }

            if (parts.Length != 2 || !ReasoningLevelExtensions.TryParse(parts[1], out var level))
            {
                error = $"'{pair}' is not a reasoning level; use ?reasoning=minimal, low, medium or high.";
                return false;
            }

            reasoning = level;
        }

        error = null;
        return true;
    }
}
