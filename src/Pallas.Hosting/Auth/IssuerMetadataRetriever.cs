using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Pallas.Configuration.Auth;

namespace Pallas.Hosting.Auth;

/// <summary>
/// Fetches an issuer's signing keys for JwtBearer's configuration manager, which keeps them cached and refetches
/// them when a token names a key it does not know (rotation). The framework's retriever reads OpenID Connect
/// discovery only; the MCP authorization spec also allows RFC 8414 metadata, and <c>jwks_url</c> skips discovery.
/// </summary>
internal sealed class IssuerMetadataRetriever(OAuthSettings settings) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var configuration = settings.JwksUrl is null
            ? await DiscoverAsync(retriever, cancel)
            : new OpenIdConnectConfiguration { Issuer = settings.Issuer, JwksUri = settings.JwksUrl.ToString() };
        configuration.JsonWebKeySet = new JsonWebKeySet(await retriever.GetDocumentAsync(configuration.JwksUri, cancel));
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }

    /// <summary>OpenID Connect discovery, then RFC 8414 (whose well-known segment goes before the issuer's path).</summary>
    public static IReadOnlyList<string> MetadataUrls(string issuer)
    {
        var url = new Uri(issuer);
        var path = url.AbsolutePath.TrimEnd('/');
        var origin = url.GetLeftPart(UriPartial.Authority);
        return [$"{issuer.TrimEnd('/')}/.well-known/openid-configuration", $"{origin}/.well-known/oauth-authorization-server{path}"];
    }

    private async Task<OpenIdConnectConfiguration> DiscoverAsync(IDocumentRetriever retriever, CancellationToken cancel)
    {
        var urls = MetadataUrls(settings.Issuer);
        List<Exception> failures = [];
        foreach (var url in urls)
        {
            try
            {
                var configuration = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(url, cancel));
                if (!string.IsNullOrEmpty(configuration.JwksUri))
                {
                    return configuration;
                }
            }
            catch (Exception exception) when (exception is IOException or ArgumentException)
            {
                failures.Add(exception);
            }
        }

        throw new InvalidOperationException($"No authorization server metadata with a jwks_uri for {settings.Issuer} (tried {string.Join(", ", urls)}); check auth.oauth.issuer, or set auth.oauth.jwks_url.", failures.FirstOrDefault());
    }
}
