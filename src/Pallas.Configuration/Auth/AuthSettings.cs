namespace Pallas.Configuration.Auth;

/// <summary>The resolved <c>auth</c> block of one endpoint (an agent port or the registry).</summary>
public sealed record AuthSettings
{
    /// <summary>No authentication.</summary>
    public static readonly AuthSettings None = new();

    /// <summary>How callers are authenticated.</summary>
    public AuthMode Mode { get; init; } = AuthMode.None;

    /// <summary>The accepted keys (<c>api_keys</c>, usually <c>${VAR}</c>), set for <see cref="AuthMode.ApiKey"/>.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>The token issuer and audience, set for <see cref="AuthMode.OAuth"/>.</summary>
    public OAuthSettings? OAuth { get; init; }

    /// <summary>Hides the keys: a record's generated ToString would print them into any log that formats it.</summary>
    public override string ToString() => $"auth: {Mode}";
}
