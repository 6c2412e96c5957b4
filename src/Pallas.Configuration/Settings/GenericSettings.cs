namespace Pallas.Configuration.Settings;

/// <summary>The <c>generic</c> section: any OpenAI-compatible server; no key required.</summary>
public sealed record GenericSettings
{
    /// <summary>The default base URL: a local Ollama.</summary>
    public static readonly Uri DefaultBaseUrl = new("http://localhost:11434/v1");

    /// <summary>The API key, if the server wants one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The base URL (default <see cref="DefaultBaseUrl"/>).</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;
}
