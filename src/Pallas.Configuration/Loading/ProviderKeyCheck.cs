using Pallas.Configuration.Diagnostics;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;

namespace Pallas.Configuration.Loading;

/// <summary>
/// A provider that an agent uses and that needs a key has one: every call would otherwise fail. A misspelled
/// <c>api_key</c> is named where it is written, once: an error when the provider is used, a warning when not.
/// </summary>
internal static class ProviderKeyCheck
{
    private const string ApiKey = "api_key";

    /// <summary>The key of <paramref name="section"/> that looks like a misspelled <c>api_key</c>, when there is no <c>api_key</c>.</summary>
    public static string? Typo(YamlMap section) =>
        section.Has(ApiKey) ? null : section.Keys.FirstOrDefault(key => Spelling.Closest(key, [ApiKey]) is not null);

    /// <param name="settings">The merged config and secrets.</param>
    /// <param name="sections">The <c>anthropic</c> and <c>openai</c> sections as written.</param>
    /// <param name="uses">Each model an agent or member runs on, where it is named, and by whom.</param>
    /// <param name="diagnostics">Where problems go.</param>
    public static void Check(PallasSettings settings, IReadOnlyDictionary<string, YamlMap> sections, IReadOnlyList<ModelUse> uses, DiagnosticBag diagnostics)
    {
        foreach (var (provider, key, mantle) in new[]
        {
            (ModelProvider.Anthropic, settings.Anthropic.ApiKey, settings.Anthropic.IsMantle),
            (ModelProvider.OpenAI, settings.OpenAI.ApiKey, settings.OpenAI.IsMantle),
        })
        {
            var name = provider.ToConfigName();
            var section = sections.GetValueOrDefault(name);
            var typo = section is null ? null : Typo(section);
            if (!string.IsNullOrWhiteSpace(key))
            {
                continue;
            }

            if (uses.FirstOrDefault(use => use.Model.Provider == provider) is not { } use)
            {
                if (typo is not null)
                {
                    diagnostics.Warning(section!.At(typo), $"unknown key in {name}; did you mean '{ApiKey}'?");
                }

                continue;
            }

            var misspelled = typo is null ? "" : $"'{typo}' is not {ApiKey}, so there is ";
            diagnostics.Error(typo is null ? use.At : section!.At(typo),
                $"{misspelled}{ApiKeyAdvice.Missing(name, mantle)} ({use.Agent} runs on {use.Model}).");
        }
    }
}
