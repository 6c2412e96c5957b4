using Microsoft.AspNetCore.Http;

namespace Pallas.Hosting.Auth;

/// <summary>Who is calling, for per-caller limits and task ownership: never a key or token, only what identifies it.</summary>
internal static class CallerIdentity
{
    /// <summary>The subject claim: a token's <c>sub</c>, or an API key's fingerprint.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The authenticated subject, or <see langword="null"/> when the endpoint does not authenticate.</summary>
    public static string? Subject(HttpContext? context) =>
        context?.User.FindFirst(SubjectClaim)?.Value is { Length: > 0 } subject ? subject : null;

    /// <summary>The subject, else the client address: the key of a per-caller limit.</summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Subject(context) ?? $"address:{context.Connection.RemoteIpAddress}";
    }
}
