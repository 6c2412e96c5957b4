using Pallas.Configuration.Auth;

namespace Pallas.Configuration.Loading;

/// <summary>An <c>auth</c> block as written (merged over the top level), before the endpoint's audience is known.</summary>
internal sealed record WrittenAuth(AuthMode Mode, IReadOnlyList<string> ApiKeys, string? Issuer, string? Audience, IReadOnlyList<string> Scopes, Uri? JwksUrl)
{
    public static readonly WrittenAuth None = new(AuthMode.None, [], null, null, [], null);

    /// <summary>The settings of one endpoint whose canonical URL is <paramref name="resource"/> (the default audience, RFC 8707).</summary>
    public AuthSettings Resolve(string resource) => Mode switch
    {
        AuthMode.None => AuthSettings.None,
        AuthMode.ApiKey => new AuthSettings { Mode = AuthMode.ApiKey, ApiKeys = ApiKeys },
        _ => new AuthSettings
        {
            Mode = AuthMode.OAuth,
            OAuth = new OAuthSettings { Issuer = Issuer ?? "", Audience = Audience ?? resource, Scopes = Scopes, JwksUrl = JwksUrl },
        },
    };

    /// <summary>Hides the keys from any log that formats the record.</summary>
    public override string ToString() => $"auth: {Mode}";
}
