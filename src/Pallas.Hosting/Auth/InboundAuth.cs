using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;
using Pallas.Agents.Telemetry;
using Pallas.Configuration.Auth;

namespace Pallas.Hosting.Auth;

/// <summary>
/// Inbound authentication of one endpoint (an agent port or the registry) from its resolved <see cref="AuthSettings"/>
/// (CONTRACT §13). <c>oauth</c> is the framework's JwtBearer for the token checks and the MCP C# SDK's authentication
/// handler for Protected Resource Metadata and the <c>resource_metadata</c> challenge; <c>api_key</c> is
/// <see cref="ApiKeyAuthenticationHandler"/>; <c>none</c> adds nothing to the pipeline.
/// </summary>
internal static class InboundAuth
{
    /// <summary>The RFC 9728 well-known path; the SDK also serves it with the resource path appended (<c>/mcp</c>).</summary>
    public const string ResourceMetadataPath = "/.well-known/oauth-protected-resource";

    private const string PolicyName = "pallas-caller";

    /// <summary>The most a token's <c>exp</c>/<c>nbf</c> may be off (CONTRACT §13).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How soon after one refetch of the issuer's keys a token with an unknown key id may cause another: a rotation
    /// is followed within seconds, and a flood of forged key ids cannot make the agent hammer the issuer.
    /// </summary>
    private static readonly TimeSpan KeyRefetchInterval = TimeSpan.FromSeconds(10);

    /// <summary>Registers the schemes and the caller policy; <paramref name="component"/> labels the rejection counter.</summary>
    public static void AddInboundAuth(this IServiceCollection services, AuthSettings settings, string component, PallasMetrics metrics)
    {
        if (settings.Mode == AuthMode.None)
        {
            return;
        }

        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser();
        if (settings.Mode == AuthMode.ApiKey)
        {
            services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
                .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName,
                    options => options.KeyHashes = [.. settings.ApiKeys.Select(ApiKeyAuthenticationHandler.Hash)]);
        }
        else
        {
            var oauth = settings.OAuth ?? throw new InvalidOperationException("auth mode oauth without oauth settings.");
            services.AddAuthentication(options =>
                {
                    options.DefaultAuthenticateScheme = JwtBearerDefaults.AuthenticationScheme;
                    options.DefaultChallengeScheme = McpAuthenticationDefaults.AuthenticationScheme;
                })
                .AddJwtBearer(options => ConfigureJwtBearer(options, oauth))
                .AddMcp(options => options.ResourceMetadata = new ProtectedResourceMetadata
                {
                    Resource = oauth.Audience,
                    AuthorizationServers = [oauth.Issuer],
                    ScopesSupported = [.. oauth.Scopes],
                    BearerMethodsSupported = ["header"],
                });
            if (oauth.Scopes.Count > 0)
            {
                policy.AddRequirements(new ScopeRequirement(oauth.Scopes));
            }
        }

        var callerPolicy = policy.Build();
        services.AddAuthorization(options => options.AddPolicy(PolicyName, callerPolicy));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler>(provider =>
            new RejectionResultHandler(component, settings.Mode == AuthMode.OAuth, metrics, provider.GetRequiredService<ILogger<RejectionResultHandler>>()));
    }

    /// <summary>Adds authentication and authorization to the pipeline (the SDK's handler answers the metadata paths there).</summary>
    public static void UseInboundAuth(this WebApplication app, AuthSettings settings)
    {
        if (settings.Mode != AuthMode.None)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
    }

    /// <summary>Requires an authenticated caller (and the scopes) on an endpoint; open when the mode is none.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder endpoint, AuthSettings settings) where TBuilder : IEndpointConventionBuilder =>
        settings.Mode == AuthMode.None ? endpoint : endpoint.RequireAuthorization(PolicyName);

    private static void ConfigureJwtBearer(JwtBearerOptions options, OAuthSettings oauth)
    {
        // Claims keep their JWT names (sub, scope, scp) instead of the WS-* URIs the handler maps them to by default.
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = oauth.RequireHttps;
        options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            oauth.Issuer, new IssuerMetadataRetriever(oauth), new HttpDocumentRetriever { RequireHttps = oauth.RequireHttps })
        {
            RefreshInterval = KeyRefetchInterval,
        };
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = oauth.Issuer,
            ValidAudience = oauth.Audience,
            ClockSkew = ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
        };
        options.Events = new JwtBearerEvents { OnAuthenticationFailed = KeyRotationRetry.OnAuthenticationFailedAsync };
    }
}
