namespace Pallas.Configuration.Settings;

/// <summary>The <c>anthropic</c> section: the Messages API, direct or through Bedrock Mantle.</summary>
public sealed record AnthropicSettings
{
    /// <summary>The API key (<c>anthropic.api_key</c>); on Mantle, the Bedrock long-term API key.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The base URL; <see langword="null"/> means https://api.anthropic.com.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Extra headers sent with every request.</summary>
    public IReadOnlyDictionary<string, string> DefaultHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary><c>anthropic.mantle</c>: forces Mantle mode on or off; <see langword="null"/> detects it from the host.</summary>
    public bool? Mantle { get; init; }

    /// <summary>Whether requests go to Bedrock Mantle: forced by <see cref="Mantle"/>, else the base URL host contains <c>bedrock-mantle</c>.</summary>
    public bool IsMantle => Mantle ?? MantleDetection.IsMantleHost(BaseUrl);
}
