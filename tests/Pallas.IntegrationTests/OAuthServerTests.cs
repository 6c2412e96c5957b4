using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pallas.IntegrationTests.Infrastructure;
using Pallas.Tests.Shared;

namespace Pallas.IntegrationTests;

/// <summary>
/// The OAuth test server is what the auth tests take it for: standard discovery, JWT access tokens that the same
/// validator as JwtBearer (Microsoft.IdentityModel) accepts, RFC 8693 token exchange with its errors, key rotation
/// that keeps old tokens valid, and the request counts.
/// </summary>
public sealed class OAuthServerTests
{
    private const string McpResource = "http://127.0.0.1:5000/mcp";
    private const string Downstream = "https://downstream.example/mcp";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_BothWellKnownDocuments_ListIssuerKeysTokenEndpointAndTokenExchange()
    {
        await using var server = await OAuthServer.StartAsync(Token);

        foreach (var path in new[] { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" })
        {
            var metadata = await Http.GetJsonAsync(new Uri(server.Issuer, path), Token);
            Assert.Equal(server.IssuerClaim, (string?)metadata["issuer"]);
            Assert.Equal(server.TokenEndpoint, new Uri((string)metadata["token_endpoint"]!));
            Assert.Equal(server.JwksUri, new Uri((string)metadata["jwks_uri"]!));
            var grants = metadata["grant_types_supported"]!.AsArray().Select(grant => (string?)grant).ToList();
            Assert.Contains("client_credentials", grants);
            Assert.Contains(OAuthServer.TokenExchangeGrantType, grants);
            var authMethods = metadata["token_endpoint_auth_methods_supported"]!.AsArray().Select(method => (string?)method).ToList();
            Assert.Contains("client_secret_basic", authMethods);
            Assert.Contains("client_secret_post", authMethods);
        }
    }

    [Fact]
    public async Task ClientCredentials_WithResource_IsAJwtForThatAudienceWithTheScopesClientAndKid()
    {
        await using var server = await OAuthServer.StartAsync(Token);

        var token = await server.ClientCredentialsTokenAsync(OAuthServer.CallerA, McpResource, "pallas:invoke tools:read", Token);

        var jwt = await ValidateAsync(server, token, McpResource);
        Assert.Equal(server.SigningKid, jwt.Kid);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(OAuthServer.CallerA, jwt.Subject);
        Assert.Equal(OAuthServer.CallerA, jwt.GetClaim("client_id").Value);
        Assert.Equal("pallas:invoke tools:read", jwt.GetClaim("scope").Value);
        Assert.Equal(TimeSpan.FromMinutes(10), jwt.ValidTo - jwt.IssuedAt);

        // client_secret_post is accepted as well as the harness's client_secret_basic.
        using var post = await Http.Client.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = OAuthServer.CallerB,
            ["client_secret"] = OAuthServer.CallerBSecret,
            ["resource"] = McpResource,
            ["scope"] = "tools:read",
        }), Token);
        var answer = JsonNode.Parse(await post.Content.ReadAsStringAsync(Token))!;
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(OAuthServer.CallerB, (await ValidateAsync(server, (string)answer["access_token"]!, McpResource)).Subject);
    }

    [Fact]
    public async Task TokenExchange_SubjectToken_NewAudienceKeepsTheSubjectAndNamesTheActor()
    {
        await using var server = await OAuthServer.StartAsync(Token);
        var subject = await server.ClientCredentialsTokenAsync(OAuthServer.CallerA, McpResource, "pallas:invoke", Token);

        using var response = await server.PostTokenAsync(OAuthServer.PallasClient,
        [
            new("grant_type", OAuthServer.TokenExchangeGrantType),
            new("subject_token", subject),
            new("subject_token_type", OAuthServer.AccessTokenType),
            new("audience", Downstream),
            new("scope", "downstream:read"),
        ], Token);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OAuthServer.AccessTokenType, (string?)answer["issued_token_type"]);
        Assert.Equal("Bearer", (string?)answer["token_type"]);
        Assert.Equal(600, (int)answer["expires_in"]!);
        var exchanged = await ValidateAsync(server, (string)answer["access_token"]!, Downstream);
        Assert.Equal(OAuthServer.CallerA, exchanged.Subject);
        Assert.Equal("downstream:read", exchanged.GetClaim("scope").Value);
        Assert.Equal(OAuthServer.PallasClient, (string?)JsonNode.Parse(exchanged.GetClaim("act").Value)!["sub"]);

        // A minted user token is a valid subject too, and resource works like audience.
        var user = await server.MintAsync(new JsonObject { ["sub"] = "alice", ["aud"] = McpResource, ["scope"] = "pallas:invoke" }, strayKey: false, Token);
        using var byResource = await server.PostTokenAsync(OAuthServer.PallasClient,
        [
            new("grant_type", OAuthServer.TokenExchangeGrantType),
            new("subject_token", user),
            new("subject_token_type", OAuthServer.AccessTokenType),
            new("resource", Downstream),
        ], Token);
        var fromUser = JsonNode.Parse(await byResource.Content.ReadAsStringAsync(Token))!;
        Assert.Equal(HttpStatusCode.OK, byResource.StatusCode);
        var delegated = await ValidateAsync(server, (string)fromUser["access_token"]!, Downstream);
        Assert.Equal("alice", delegated.Subject);
        Assert.Equal("pallas:invoke", delegated.GetClaim("scope").Value);
    }

    [Fact]
    public async Task TokenExchange_BadSubjectOrClient_AnswersTheOAuthError()
    {
        await using var server = await OAuthServer.StartAsync(Token);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expired = await server.MintAsync(new JsonObject { ["sub"] = "alice", ["aud"] = McpResource, ["iat"] = now - 1200, ["exp"] = now - 600 }, strayKey: false, Token);
        var stray = await server.MintAsync(new JsonObject { ["sub"] = "alice", ["aud"] = McpResource }, strayKey: true, Token);
        var foreign = await server.MintAsync(new JsonObject { ["sub"] = "alice", ["aud"] = McpResource, ["iss"] = "https://elsewhere.example" }, strayKey: false, Token);

        foreach (var subject in new[] { "not-a-jwt", expired, stray, foreign })
        {
            var (status, error) = await ExchangeErrorAsync(server, OAuthServer.PallasClient, subject, OAuthServer.AccessTokenType);
            Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, error));
        }

        var valid = await server.MintAsync(new JsonObject { ["sub"] = "alice", ["aud"] = McpResource }, strayKey: false, Token);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), await ExchangeErrorAsync(server, OAuthServer.PallasClient, valid, "urn:ietf:params:oauth:token-type:id_token"));

        // A stray-key token is what a validator trusting this issuer must refuse.
        var refused = await new JsonWebTokenHandler().ValidateTokenAsync(stray, await ParametersAsync(server, McpResource));
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(refused.Exception);

        using var wrongSecret = await Http.Client.PostAsync(server.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = OAuthServer.TokenExchangeGrantType,
            ["client_id"] = OAuthServer.PallasClient,
            ["client_secret"] = "wrong",
            ["subject_token"] = valid,
            ["subject_token_type"] = OAuthServer.AccessTokenType,
            ["audience"] = Downstream,
        }), Token);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", (string?)JsonNode.Parse(await wrongSecret.Content.ReadAsStringAsync(Token))!["error"]);
    }

    [Fact]
    public async Task RotateKeys_SamePortNewKid_OldTokensStillVerifyAndCountsCarryOver()
    {
        await using var server = await OAuthServer.StartAsync(Token);
        var oldKid = server.SigningKid;
        var before = await server.ClientCredentialsTokenAsync(OAuthServer.CallerA, McpResource, "pallas:invoke", Token);
        var issuer = server.Issuer;

        var newKid = await server.RotateKeysAsync(Token);
        var after = await server.ClientCredentialsTokenAsync(OAuthServer.CallerA, McpResource, "pallas:invoke", Token);

        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(issuer, server.Issuer);
        Assert.Equal([newKid, oldKid], server.PublishedKids);
        var jwks = await Http.GetJsonAsync(server.JwksUri, Token);
        Assert.Equal([newKid, oldKid], jwks["keys"]!.AsArray().Select(key => (string)key!["kid"]!));
        Assert.DoesNotContain(jwks["keys"]!.AsArray(), key => key!["d"] is not null);
        Assert.Equal(oldKid, (await ValidateAsync(server, before, McpResource)).Kid);
        Assert.Equal(newKid, (await ValidateAsync(server, after, McpResource)).Kid);
        Assert.Equal(newKid, new JsonWebToken(await server.MintAsync(new JsonObject { ["aud"] = McpResource }, strayKey: false, Token)).Kid);

        // A subject token of the rotated-out key is still exchanged.
        var exchanged = await server.TokenExchangeAsync(OAuthServer.PallasClient, before, Downstream, "downstream:read", Token);
        Assert.Equal(newKid, (await ValidateAsync(server, exchanged, Downstream)).Kid);
        Assert.Equal(2, (int)(await server.StatsAsync(Token))["client_credentials"]!);
    }

    [Fact]
    public async Task Stats_CountTheTokenRequestsServedPerGrant()
    {
        await using var server = await OAuthServer.StartAsync(Token);
        var subject = await server.ClientCredentialsTokenAsync(OAuthServer.CallerA, McpResource, "pallas:invoke", Token);
        await server.ClientCredentialsTokenAsync(OAuthServer.CallerB, McpResource, "pallas:invoke", Token);
        await server.TokenExchangeAsync(OAuthServer.PallasClient, subject, Downstream, scope: null, Token);
        await ExchangeErrorAsync(server, OAuthServer.PallasClient, "not-a-jwt", OAuthServer.AccessTokenType);

        var stats = await server.StatsAsync(Token);

        Assert.Equal(2, (int)stats["client_credentials"]!);
        Assert.Equal(1, (int)stats["token_exchange"]!);
        Assert.Equal(0, (int)stats["failed"]!["client_credentials"]!);
        Assert.Equal(1, (int)stats["failed"]!["token_exchange"]!);
    }

    private static async Task<(HttpStatusCode Status, string? Error)> ExchangeErrorAsync(OAuthServer server, string clientId, string subject, string subjectType)
    {
        using var response = await server.PostTokenAsync(clientId,
        [
            new("grant_type", OAuthServer.TokenExchangeGrantType),
            new("subject_token", subject),
            new("subject_token_type", subjectType),
            new("audience", Downstream),
        ], Token);
        return (response.StatusCode, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["error"]);
    }

    // Microsoft.IdentityModel is what JwtBearer validates with, so a token it accepts here is one Pallas accepts.
    private static async Task<JsonWebToken> ValidateAsync(OAuthServer server, string token, string audience)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, await ParametersAsync(server, audience));
        Assert.True(result.IsValid, $"token refused: {result.Exception}");
        return (JsonWebToken)result.SecurityToken;
    }

    private static async Task<TokenValidationParameters> ParametersAsync(OAuthServer server, string audience)
    {
        var keys = new JsonWebKeySet(await Http.Client.GetStringAsync(server.JwksUri, Token));
        return new TokenValidationParameters
        {
            ValidIssuer = server.IssuerClaim,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
        };
    }
}
