using Pallas.Configuration.Auth;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Diagnostics;

namespace Pallas.Configuration.Loading;

/// <summary>
/// Reads the <c>auth</c> blocks of agents.yaml (CONTRACT §13): the top-level one, and each agent's, whose keys
/// override the top-level ones key by key. Each written block is checked once, where it is written.
/// </summary>
internal sealed class AuthSettingsReader(Func<string, string?> environment, DiagnosticBag diagnostics)
{
    private static readonly string[] TopLevelKeys = ["mode", "api_keys", "oauth", "protect_registry"];
    private static readonly string[] AgentKeys = ["mode", "api_keys", "oauth"];
    private static readonly string[] OAuthKeys = ["issuer", "audience", "scopes", "jwks_url"];
    private static readonly string[] ModeNames = ["none", "api_key", "oauth"];

    // Shorter keys are guessable; a warning, because a team may knowingly use one on a private network.
    private const int MinimumKeyLength = 16;

    /// <summary>The top-level block, before each endpoint's audience is known.</summary>
    public WrittenAuth ReadTopLevel(YamlMap? map, out bool protectRegistry)
    {
        protectRegistry = false;
        if (map is null)
        {
            return WrittenAuth.None;
        }

        map.WarnUnknownKeys(TopLevelKeys, "auth");
        var written = Read(map, WrittenAuth.None);
        protectRegistry = map.Bool("protect_registry") ?? false;
        if (protectRegistry && written.Mode == AuthMode.None)
        {
            diagnostics.Error(map.At("protect_registry"), "needs auth.mode api_key or oauth at the top level: the registry accepts the same keys or tokens as the agents.");
        }

        return written;
    }

    /// <summary>An agent's block over the top-level one.</summary>
    public WrittenAuth ReadAgent(YamlMap? map, WrittenAuth topLevel, string agent)
    {
        if (map is null)
        {
            return topLevel;
        }

        if (map.Has("protect_registry"))
        {
            diagnostics.Error(map.At("protect_registry"), "is a top-level auth key (the registry is shared by all agents); move it to auth: at the top of agents.yaml.");
        }

        map.WarnUnknownKeys(AgentKeys, $"agents.{agent}.auth", ["protect_registry"]);
        return Read(map, topLevel);
    }

    private WrittenAuth Read(YamlMap map, WrittenAuth inherited)
    {
        var mode = map.Has("mode") ? ReadMode(map) : inherited.Mode;
        var keys = map.Has("api_keys") ? ReadKeys(map) : inherited.ApiKeys;
        var oauth = map.Map("oauth");
        oauth?.WarnUnknownKeys(OAuthKeys, "auth.oauth");
        var written = new WrittenAuth(
            mode,
            keys,
            oauth?.Has("issuer") == true ? ReadIssuer(oauth) : inherited.Issuer,
            oauth?.Has("audience") == true ? NonEmpty(oauth.String("audience")) : inherited.Audience,
            oauth?.Has("scopes") == true ? oauth.StringList("scopes") : inherited.Scopes,
            oauth?.Has("jwks_url") == true ? ReadJwksUrl(oauth) : inherited.JwksUrl);

        if (mode == AuthMode.ApiKey && written.ApiKeys.Count == 0 && !map.Has("api_keys"))
        {
            diagnostics.Error(map.At("mode"), "mode: api_key needs api_keys, e.g. api_keys: [\"${PALLAS_API_KEY}\"] with PALLAS_API_KEY in .env.");
        }
        else if (mode == AuthMode.OAuth && written.Issuer is null && oauth?.Has("issuer") != true)
        {
            diagnostics.Error(map.At("mode"), "mode: oauth needs oauth.issuer, the authorization server whose tokens are accepted, e.g. oauth: {issuer: \"https://auth.example.com/realms/agents\"}.");
        }

        return written;
    }

    private AuthMode ReadMode(YamlMap map)
    {
        switch (map.String("mode"))
        {
            case null or "none":
                return AuthMode.None;
            case "api_key":
                return AuthMode.ApiKey;
            case "oauth":
                return AuthMode.OAuth;
            case var other:
                var hint = Spelling.Closest(other, ModeNames) is { } near ? $"did you mean '{near}'? " : "";
                diagnostics.Error(map.At("mode"), $"'{other}' is not an auth mode; {hint}use none, api_key or oauth.");
                return AuthMode.None;
        }
    }

    private List<string> ReadKeys(YamlMap map)
    {
        var keys = new List<string>();
        foreach (var written in map.StringList("api_keys"))
        {
            // The value is a secret: the messages below say what is wrong with it, never what it is.
            if (DeploymentSecrets.Substitute(written, map.At("api_keys"), environment, diagnostics, "a long random string (openssl rand -hex 32)") is not { } key)
            {
                continue;
            }

            if (key.Length == 0)
            {
                diagnostics.Error(map.At("api_keys"), "holds an empty key, which would let a caller with an empty bearer in; remove it or set its variable.");
            }
            else if (key.Length < MinimumKeyLength)
            {
                diagnostics.Warning(map.At("api_keys"), $"holds a key shorter than {MinimumKeyLength} characters, which can be guessed; use a long random one (openssl rand -hex 32).");
                keys.Add(key);
            }
            else
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private string? ReadIssuer(YamlMap oauth)
    {
        var issuer = NonEmpty(oauth.String("issuer"));
        if (issuer is null || !Uri.TryCreate(issuer, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            diagnostics.Error(oauth.At("issuer"), "is not an issuer URL; write the authorization server's issuer exactly as its tokens carry it, e.g. https://auth.example.com/realms/agents.");
            return null;
        }

        RequireHttpsUnlessLoopback(oauth, "issuer", url);
        return issuer;
    }

    private Uri? ReadJwksUrl(YamlMap oauth)
    {
        if (oauth.Url("jwks_url") is not { } url)
        {
            return null;
        }

        RequireHttpsUnlessLoopback(oauth, "jwks_url", url);
        return url;
    }

    // Signing keys fetched over plain HTTP could be swapped by anyone on the path; a loopback server is the exception tests and local issuers need.
    private void RequireHttpsUnlessLoopback(YamlMap oauth, string key, Uri url)
    {
        if (url.Scheme == Uri.UriSchemeHttp && !NetworkAddress.IsLoopback(url.Host))
        {
            diagnostics.Error(oauth.At(key), $"must use https: signing keys fetched over plain http from {url.Host} could be replaced in transit (http is accepted for a loopback issuer only).");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
