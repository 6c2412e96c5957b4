namespace Pallas.Configuration.Auth;

/// <summary>How an agent port authenticates its callers (<c>auth.mode</c>).</summary>
public enum AuthMode
{
    /// <summary>Anyone who reaches the port may call (the default; fine on loopback).</summary>
    None,

    /// <summary>Callers send one of the configured keys as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    ApiKey,

    /// <summary>Callers send a JWT access token from the configured issuer (an OAuth 2.1 resource server).</summary>
    OAuth,
}
