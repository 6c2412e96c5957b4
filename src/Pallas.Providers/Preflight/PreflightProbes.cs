using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Anthropic;
using Pallas.Providers.Errors;
using Pallas.Providers.OpenAI;

namespace Pallas.Providers.Preflight;

/// <summary>Builds the probe of each provider (the Python original's <c>validate_llm_providers</c> table).</summary>
internal static class PreflightProbes
{
    private const string AnthropicVersion = "2023-06-01";

    /// <summary>The probe for <paramref name="model"/>, or <see langword="null"/> where none applies (bedrock, offline).</summary>
    public static PreflightProbe? For(ModelSpec model, PallasSettings settings) => model.Provider switch
    {
        ModelProvider.Anthropic => ForAnthropic(model, settings.Anthropic),
        ModelProvider.OpenAI => ForOpenAI(model, settings.OpenAI),
        ModelProvider.Generic => ForGeneric(model, settings.Generic),
        _ => null,
    };

    /// <summary><c>GET {base_url}/v1/models/{model}</c>; on Mantle the region root and the <c>anthropic.</c> wire id.</summary>
    public static PreflightProbe ForAnthropic(ModelSpec model, AnthropicSettings settings)
    {
        var mantle = settings.IsMantle;
        var baseUrl = settings.BaseUrl ?? AnthropicProvider.DefaultBaseUrl;
        var wire = mantle ? MantleModelIds.ToWire(model.ModelId) : model.ModelId;
        var root = mantle ? MantleModelIds.RegionRoot(baseUrl) : baseUrl;
        var url = new Uri($"{root.ToString().TrimEnd('/')}/v1/models/{Uri.EscapeDataString(wire)}");

        var headers = new Dictionary<string, string>(settings.DefaultHeaders, StringComparer.OrdinalIgnoreCase);
        if (mantle)
        {
            headers.Remove("anthropic-beta");
        }

        headers["anthropic-version"] = AnthropicVersion;
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            // What each endpoint documents: Mantle takes the Bedrock key as a bearer token, api.anthropic.com an x-api-key.
            headers[mantle ? "Authorization" : "x-api-key"] = mantle ? $"Bearer {settings.ApiKey}" : settings.ApiKey;
        }

        return new(url, headers, new(AnthropicProvider.Name, wire, mantle, settings.ApiKey),
            ApiKeyCheck.Check(AnthropicProvider.Name, settings.ApiKey, required: true, mantle),
            _ => null,
            $"GET {url} answered 200: model '{wire}' is served and the key is valid");
    }

    /// <summary><c>GET {base_url}/models</c>; the model must be one of <c>data[].id</c>.</summary>
    public static PreflightProbe ForOpenAI(ModelSpec model, OpenAISettings settings)
    {
        var url = ModelsUrl(settings.BaseUrl ?? OpenAIProvider.DefaultBaseUrl);
        return new(url, BearerHeaders(settings.ApiKey, settings.DefaultHeaders), new("openai", model.ModelId, settings.IsMantle, settings.ApiKey),
            ApiKeyCheck.Check("openai", settings.ApiKey, required: true, settings.IsMantle),
            body => ModelList.FindProblem(body, model.ModelId, url),
            $"GET {url} answered 200: model '{model.ModelId}' is listed");
    }

    /// <summary><c>GET {base_url}/models</c>, status only: local servers' lists are not strictly OpenAI-shaped (nor always JSON) and change.</summary>
    public static PreflightProbe ForGeneric(ModelSpec model, GenericSettings settings)
    {
        var url = ModelsUrl(settings.BaseUrl);
        return new(url, BearerHeaders(settings.ApiKey, new Dictionary<string, string>()), new("generic", model.ModelId, false, settings.ApiKey),
            ApiKeyCheck.Check("generic", settings.ApiKey, required: false, mantle: false),
            _ => null,
            $"GET {url} answered 200",
            JsonBody: false);
    }

    private static Uri ModelsUrl(Uri baseUrl) => new($"{baseUrl.ToString().TrimEnd('/')}/models");

    private static Dictionary<string, string> BearerHeaders(string? key, IReadOnlyDictionary<string, string> defaults)
    {
        var headers = new Dictionary<string, string>(defaults, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(key))
        {
            headers["Authorization"] = $"Bearer {key}";
        }

        return headers;
    }
}
