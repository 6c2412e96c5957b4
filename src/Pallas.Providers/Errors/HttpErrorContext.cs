namespace Pallas.Providers.Errors;

/// <summary>Who a failed HTTP call was made for: decides the wording of the error and what must be redacted from it.</summary>
/// <param name="Provider">Provider name as in model strings (<c>anthropic</c>, <c>openai</c>, <c>generic</c>).</param>
/// <param name="ModelId">The model id as sent on the wire.</param>
/// <param name="IsMantle">Whether the endpoint is Bedrock Mantle (changes the 401 and 404 wording).</param>
/// <param name="Secret">The key in use, removed from any text the server echoes back.</param>
internal sealed record HttpErrorContext(string Provider, string ModelId, bool IsMantle, string? Secret)
{
    /// <summary>The configuration key that holds the API key, e.g. <c>anthropic.api_key</c>.</summary>
    public string KeySetting => $"{Provider}.api_key";
}
