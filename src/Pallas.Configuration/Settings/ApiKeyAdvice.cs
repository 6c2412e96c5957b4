namespace Pallas.Configuration.Settings;

/// <summary>What to write when a provider that needs a key has none: said by <c>pallas check</c> and by a call that is made anyway.</summary>
public static class ApiKeyAdvice
{
    /// <summary>The advice for <paramref name="provider"/> (<c>anthropic</c>, <c>openai</c>); on Mantle it names the Bedrock key.</summary>
    public static string Missing(string provider, bool mantle)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var (variable, what) = mantle
            ? ("BEDROCK_API_KEY", "your Bedrock long-term API key")
            : ($"{provider.ToUpperInvariant()}_API_KEY", $"your {provider} API key");
        return $"no API key for the {provider} provider; set {provider}.api_key in fastagent.secrets.yaml, "
            + $"e.g. api_key: \"${{{variable}}}\" with {variable}=<{what}> in .env";
    }
}
