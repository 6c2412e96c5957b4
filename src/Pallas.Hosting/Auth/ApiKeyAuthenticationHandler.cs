using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Pallas.Hosting.Auth;

/// <summary>
/// <c>auth.mode: api_key</c>: the caller sends one of the configured keys as <c>Authorization: Bearer &lt;key&gt;</c>.
/// Keys are compared as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, against every key
/// without stopping at a match, so neither the timing nor the length of a guess tells how close it was.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The digest a key is kept and compared as.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request.Headers.Authorization.ToString()) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digest = Hash(presented);
        var matched = false;
        foreach (var key in Options.KeyHashes)
        {
            matched |= CryptographicOperations.FixedTimeEquals(digest, key);
        }

        if (!matched)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one of this endpoint's keys."));
        }

        // A short fingerprint names the key in limits and task ownership; it cannot be turned back into the key.
        var identity = new ClaimsIdentity([new Claim(CallerIdentity.SubjectClaim, $"api-key:{Convert.ToHexStringLower(digest.AsSpan(0, 6))}")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer realm=\"pallas\"");
        return Task.CompletedTask;
    }
}
