using Microsoft.AspNetCore.Authentication;

namespace Pallas.Hosting.Auth;

/// <summary>The accepted API keys of one endpoint.</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>SHA-256 of each accepted key: compared in constant time, and the keys themselves are not kept.</summary>
    public IReadOnlyList<byte[]> KeyHashes { get; set; } = [];
}
