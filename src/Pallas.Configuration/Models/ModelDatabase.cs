using System.Collections.Frozen;

namespace Pallas.Configuration.Models;

/// <summary>
/// Built-in capabilities for the models of the Bedrock integration guide, under every id form they are used with
/// (plain Bedrock ids, cross-region inference profiles, Mantle and Anthropic API ids), and for the offline models.
/// </summary>
public static class ModelDatabase
{
    /// <summary>Cross-region inference prefixes that route a Bedrock model id across a geography.</summary>
    public static readonly IReadOnlyList<string> CrossRegionPrefixes = ["us.", "eu.", "apac.", "global."];

    private static readonly ModelCapabilities Offline = new(Vision: false, ContextWindow: 1_000_000, MaxOutputTokens: 100_000);

    /// <summary>Every known model, with the ids it answers to (cross-region prefixes are added by lookup).</summary>
    public static IReadOnlyList<ModelDatabaseEntry> Entries { get; } =
    [
        new("Claude Haiku 4.5", new(true, 200_000, 64_000),
            ["anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5", "claude-haiku-4-5", "claude-haiku-4-5-20251001"]),
        new("Claude Sonnet 4.6", new(true, 1_000_000, 64_000),
            ["anthropic.claude-sonnet-4-6", "claude-sonnet-4-6"]),
        new("Claude Opus 4.7", new(true, 1_000_000, 128_000),
            ["anthropic.claude-opus-4-7", "claude-opus-4-7"]),
        new("MiniMax M2.5", new(false, 196_000, 8_000),
            ["minimax.minimax-m2.5"]),
        new("passthrough (offline)", Offline, ["passthrough"]),
        new("playback (offline)", Offline, ["playback"]),
        new("silent (offline)", Offline, ["silent"]),
        new("slow (offline)", Offline, ["slow"]),
    ];

    private static readonly FrozenDictionary<string, ModelDatabaseEntry> ById = Entries
        .SelectMany(entry => entry.Ids.Select(id => KeyValuePair.Create(id, entry)))
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds the entry for a model, ignoring any cross-region prefix; <see langword="null"/> if unknown.</summary>
    public static ModelDatabaseEntry? Find(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ById.GetValueOrDefault(StripCrossRegionPrefix(model.ModelId));
    }

    /// <summary>
    /// The known model nearest to a model that is not in the database, written as the user would write it (same
    /// provider and cross-region prefix), e.g. <c>anthropic.claude-opus-4-7</c> for <c>anthropic.claude-opus-4.7</c>.
    /// </summary>
    public static string? Suggest(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Provider.IsOffline() || Find(model) is not null)
        {
            return null;
        }

        var id = StripCrossRegionPrefix(model.ModelId);
        var prefix = model.ModelId[..^id.Length];
        return Diagnostics.Spelling.Closest(id, ById.Keys) is { } closest ? $"{model.Provider.ToConfigName()}.{prefix}{closest}" : null;
    }

    /// <summary>Removes a leading <c>us.</c>, <c>eu.</c>, <c>apac.</c> or <c>global.</c> from a Bedrock model id.</summary>
    public static string StripCrossRegionPrefix(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        foreach (var prefix in CrossRegionPrefixes)
        {
            if (modelId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return modelId[prefix.Length..];
            }
        }

        return modelId;
    }

    /// <summary>Whether a Bedrock model id is a cross-region inference profile id.</summary>
    public static bool IsCrossRegionId(string modelId) =>
        CrossRegionPrefixes.Any(prefix => modelId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
