namespace Pallas.Providers.Errors;

/// <summary>Who a failed HTTP call was made for: decides the wording of the error and what must be redacted from it.</summary>
/// <param name="Provider">Provider name as in model strings (<c>anthropic</c>, <c>openai</c>, <c>generic</c>).</param>
/// <param name="ModelId">The model id as sent on the wire.</param>
/// <param name="IsMantle">Whether the endpoint is Bedrock Mantle (changes the 401 and 404 wording).</param>
/// <param name="Secret">The key in use, removed from any text the server echoes back.</param>
/// <param name="BaseUrl">The configured endpoint, when it is not the provider's default.</param>
internal sealed record HttpErrorContext(string Provider, string ModelId, bool IsMantle, string? Secret, Uri? BaseUrl = null)
{
    /// <summary>
    /// A base URL shaped like Mantle's Anthropic endpoint (<c>…/anthropic</c>) on a host not named <c>bedrock-mantle</c>
    /// (a proxy, a VPC alias, an emulator): Pallas then cannot tell it is Mantle, and a 404 is the usual symptom.
    /// </summary>
    public bool MayBeUnflaggedMantle =>
        !IsMantle && BaseUrl is not null && BaseUrl.AbsolutePath.TrimEnd('/').EndsWith("/anthropic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The configuration key that holds the API key, e.g. <c>anthropic.api_key</c>.</summary>
    public string KeySetting => $"{Provider}.api_key";
}
