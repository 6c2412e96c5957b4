using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pallas.Agents.Messaging;
using Pallas.Configuration.Auth;
using Pallas.Emulators;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Auth;

/// <summary>
/// <c>auth.mode: oauth</c> against a real authorization server (oidc-provider from npm, <see cref="OAuthServer"/>):
/// the resource metadata and challenge of the MCP authorization spec, every token JwtBearer must refuse, the scope
/// check, and a signing key rotation followed without a restart.
/// </summary>
public sealed class OAuthTests
{
    private const string Audience = "https://jarvis.pallas.test/mcp";
    private const string Scope = "pallas:invoke";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoToken_Is401WithTheResourceMetadataLink_WhoseDocumentListsTheIssuer()
    {
        await using var issuer = await OAuthServer.StartAsync(Token);
        await using var host = await StartAsync(issuer);
        using var http = new HttpClient();

        using var refused = await SendAsync(host, token: null);
        var challenge = refused.Headers.WwwAuthenticate.Single().ToString();
        var metadataUrl = challenge[(challenge.IndexOf("resource_metadata=\"", StringComparison.Ordinal) + 19)..].TrimEnd('"');
        var metadata = JsonNode.Parse(await http.GetStringAsync(new Uri(metadataUrl), Token))!;
        var root = JsonNode.Parse(await http.GetStringAsync(host.AgentPath("jarvis", "/.well-known/oauth-protected-resource"), Token))!;

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.EndsWith("/.well-known/oauth-protected-resource/mcp", metadataUrl, StringComparison.Ordinal);
        Assert.Equal(Audience, (string?)metadata["resource"]);
        Assert.Equal([issuer.IssuerClaim], metadata["authorization_servers"]!.AsArray().Select(node => (string?)node));
        Assert.Equal([Scope], metadata["scopes_supported"]!.AsArray().Select(node => (string?)node));
        Assert.Equal((string?)metadata["resource"], (string?)root["resource"]);
    }

    [Fact]
    public async Task ValidToken_CallsTheAgent()
    {
        await using var issuer = await OAuthServer.StartAsync(Token);
        await using var host = await StartAsync(issuer);
        var token = await issuer.ClientCredentialsTokenAsync(OAuthServer.CallerA, Audience, Scope, Token);

        using var response = await SendAsync(host, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Runtimes["jarvis"].Requests);
    }

    [Fact]
    public async Task TokensJwtBearerMustRefuse_Are401_AndNothingRuns()
    {
        await using var issuer = await OAuthServer.StartAsync(Token);
        await using var host = await StartAsync(issuer);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string[] tokens =
        [
            await issuer.ClientCredentialsTokenAsync(OAuthServer.CallerA, "https://other.pallas.test/mcp", Scope, Token),
            // Expired beyond the 60 s clock skew.
            await issuer.MintAsync(new JsonObject { ["sub"] = "caller-a", ["aud"] = Audience, ["scope"] = Scope, ["iat"] = now - 600, ["exp"] = now - 120 }, cancellationToken: Token),
            await issuer.MintAsync(new JsonObject { ["sub"] = "caller-a", ["aud"] = Audience, ["scope"] = Scope, ["nbf"] = now + 600 }, cancellationToken: Token),
            await issuer.MintAsync(new JsonObject { ["sub"] = "caller-a", ["aud"] = Audience, ["scope"] = Scope }, strayKey: true, Token),
            await issuer.MintAsync(new JsonObject { ["sub"] = "caller-a", ["aud"] = Audience, ["scope"] = Scope, ["iss"] = "https://impostor.pallas.test" }, cancellationToken: Token),
        ];

        foreach (var token in tokens)
        {
            using var response = await SendAsync(host, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Empty(host.Runtimes["jarvis"].Requests);
    }

    [Fact]
    public async Task MissingScope_Is403InsufficientScopeNamingTheScope()
    {
        await using var issuer = await OAuthServer.StartAsync(Token);
        await using var host = await StartAsync(issuer);
        var token = await issuer.ClientCredentialsTokenAsync(OAuthServer.CallerA, Audience, "tools:read", Token);

        using var response = await SendAsync(host, token);
        var challenge = response.Headers.WwwAuthenticate.Single().ToString();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Contains($"scope=\"{Scope}\"", challenge, StringComparison.Ordinal);
        Assert.Contains("resource_metadata=", challenge, StringComparison.Ordinal);
        Assert.Empty(host.Runtimes["jarvis"].Requests);
    }

    [Fact]
    public async Task IssuerRotatesItsSigningKey_TokensWithTheNewKeyAreAccepted()
    {
        await using var issuer = await OAuthServer.StartAsync(Token);
        await using var host = await StartAsync(issuer);
        using var before = await SendAsync(host, await issuer.ClientCredentialsTokenAsync(OAuthServer.CallerA, Audience, Scope, Token));

        var newKid = await issuer.RotateKeysAsync(Token);
        var rotated = await issuer.ClientCredentialsTokenAsync(OAuthServer.CallerA, Audience, Scope, Token);
        using var after = await SendAsync(host, rotated);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (before.StatusCode, after.StatusCode));
        Assert.Equal(newKid, issuer.SigningKid);
    }

    [Fact]
    public async Task TokensNeverReachTheLogs_RefusedOrAccepted()
    {
        await using var issuer = await OAuthServer.StartAsync(Token);
        var logs = new ListLoggerProvider();
        await using var host = await StartAsync(issuer, logs);
        var good = await issuer.ClientCredentialsTokenAsync(OAuthServer.CallerA, Audience, Scope, Token);
        var stray = await issuer.MintAsync(new JsonObject { ["sub"] = "caller-a", ["aud"] = Audience, ["scope"] = Scope }, strayKey: true, Token);

        using var accepted = await SendAsync(host, good);
        using var refused = await SendAsync(host, stray);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (accepted.StatusCode, refused.StatusCode));
        Assert.Contains(logs.Entries, entry => entry.Message.Contains("unauthenticated", StringComparison.Ordinal));
        foreach (var token in new[] { good, stray })
        {
            // The signature part alone: a log that printed any of it would be a leak.
            var signature = token[(token.LastIndexOf('.') + 1)..];
            Assert.DoesNotContain(logs.Entries, entry => entry.Message.Contains(signature, StringComparison.Ordinal));
        }
    }

    private static Task<RunningHost> StartAsync(OAuthServer issuer, ListLoggerProvider? logs = null)
    {
        var auth = new AuthSettings { Mode = AuthMode.OAuth, OAuth = new OAuthSettings { Issuer = issuer.IssuerClaim, Audience = Audience, Scopes = [Scope] } };
        var agent = TestProjects.Agent("jarvis");
        return RunningHost.StartAsync(
            TestProjects.Project(agent with { Deployment = agent.Deployment with { Auth = auth } }),
            configure: logs is null ? null : options => options with { ConfigureLogging = (logging, _, _) => logging.ClearProviders().AddProvider(logs) },
            setup: runtime => runtime.OnSend = (_, _, _) => Task.FromResult(new SendMessageResult("ok", SendMessageOutcome.Ok)));
    }

    private static async Task<HttpResponseMessage> SendAsync(RunningHost host, string? token)
    {
        using var http = new HttpClient();
        using var request = McpWire.Post(host.Mcp("jarvis"), "tools/call", McpWire.SendMessageParams("hello"), withTasks: false, "send_message", out _);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, Token);
    }
}
