namespace Pallas.Configuration.Auth;

/// <summary><c>auth.oauth</c>: the authorization server whose access tokens an agent accepts (CONTRACT §13).</summary>
public sealed record OAuthSettings
{
    /// <summary>The issuer identifier exactly as its tokens carry it in <c>iss</c>; metadata is discovered from it.</summary>
    public required string Issuer { get; init; }

    /// <summary>
    /// The resource identifier a token's <c>aud</c> must contain (RFC 8707): <c>audience</c> when written, else the
    /// endpoint's canonical URL, resolved by the loader.
    /// </summary>
    public required string Audience { get; init; }

    /// <summary>Scopes every request must carry (in <c>scope</c> or <c>scp</c>); empty: any valid token.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Overrides the issuer's <c>jwks_uri</c>; <see langword="null"/> uses discovery.</summary>
    public Uri? JwksUrl { get; init; }

    /// <summary>Whether metadata and keys must be fetched over HTTPS: always, except from a loopback issuer (tests, local servers).</summary>
    public bool RequireHttps => !Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme != Uri.UriSchemeHttp;
}
