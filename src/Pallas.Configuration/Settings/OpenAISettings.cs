namespace Pallas.Configuration.Settings;

/// <summary>The <c>openai</c> section: Chat Completions, direct or through Bedrock Mantle.</summary>
public sealed record OpenAISettings
{
    /// <summary>The API key (<c>openai.api_key</c>); on Mantle, the Bedrock long-term API key.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The base URL; <see langword="null"/> means https://api.openai.com/v1.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Extra headers sent with every request.</summary>
    public IReadOnlyDictionary<string, string> DefaultHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary><c>openai.mantle</c>: forces Mantle wording and preflight on or off; <see langword="null"/> detects it from the host.</summary>
    public bool? Mantle { get; init; }

    /// <summary>Whether the endpoint is Bedrock Mantle.</summary>
    public bool IsMantle => Mantle ?? MantleDetection.IsMantleHost(BaseUrl);
}
