using System.Text.RegularExpressions;
using Pallas.Configuration.Settings;

namespace Pallas.Providers.Errors;

/// <summary>Finds key problems that are known before any request: a missing key, or a <c>${VAR}</c> nobody resolved.</summary>
internal static partial class ApiKeyCheck
{
    /// <summary>The error for <paramref name="key"/>, or <see langword="null"/> when it can be sent.</summary>
    /// <param name="provider">Provider name as in model strings.</param>
    /// <param name="key">The configured key.</param>
    /// <param name="required">Whether the provider needs a key at all (<c>generic</c> does not).</param>
    /// <param name="mantle">Whether the endpoint is Bedrock Mantle: the example then names the Bedrock key.</param>
    public static ProviderException? Check(string provider, string? key, bool required, bool mantle)
    {
        if (key is not null && UnresolvedVariable().Match(key) is { Success: true } match)
        {
            var variable = match.Groups[1].Value;
            return new(provider, ProviderErrorKind.MissingCredentials,
                $"{provider}.api_key uses ${{{variable}}} but {variable} is not set; add {variable}=<key> to .env in the project directory or export it");
        }

        if (required && string.IsNullOrWhiteSpace(key))
        {
            return new(provider, ProviderErrorKind.MissingCredentials, ApiKeyAdvice.Missing(provider, mantle));
        }

        return null;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}")]
    private static partial Regex UnresolvedVariable();
}
