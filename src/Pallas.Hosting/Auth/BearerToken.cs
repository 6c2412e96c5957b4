namespace Pallas.Hosting.Auth;

/// <summary>The credentials of an <c>Authorization: Bearer</c> header (RFC 6750 §2.1; the scheme is case-insensitive).</summary>
internal static class BearerToken
{
    public static string? From(string? authorization)
    {
        const string Scheme = "Bearer ";
        return authorization is { Length: > 7 } && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[Scheme.Length..].Trim() is { Length: > 0 } token ? token : null
            : null;
    }
}
