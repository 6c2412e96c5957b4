using System.Collections.Frozen;
using System.Net;

namespace Pallas.Hosting.Http;

/// <summary>
/// The host names an agent's <c>/mcp</c> endpoint answers to: loopback names, the agents.yaml <c>host</c>, and the
/// bind address unless it is a wildcard. Anything else in <c>Host</c> or <c>Origin</c> is a DNS-rebinding attempt.
/// </summary>
internal sealed class AllowedHosts
{
    private readonly FrozenSet<string> _names;

    public AllowedHosts(IEnumerable<string> names)
    {
        _names = names
            .Select(Normalize)
            .Where(name => name.Length > 0)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The names, normalised (lower case, IPv6 without brackets).</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>Loopback names plus the configured host and the bind address (unless it is 0.0.0.0 or ::).</summary>
    public static AllowedHosts For(string configuredHost, string bindAddress)
    {
        List<string> names = ["localhost", "127.0.0.1", "::1", configuredHost];
        if (!IsWildcard(bindAddress))
        {
            names.Add(bindAddress);
        }

        return new AllowedHosts(names);
    }

    /// <summary>Whether a bind address listens on every interface.</summary>
    public static bool IsWildcard(string bindAddress) =>
        IPAddress.TryParse(bindAddress, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    /// <summary>Whether a <c>Host</c> header value (name, optionally with a port) is allowed.</summary>
    public bool IsAllowedHost(string? hostHeader)
    {
        if (string.IsNullOrWhiteSpace(hostHeader))
        {
            return false;
        }

        // Let Uri split "[::1]:8080", "name:8080" and "name" uniformly.
        return Uri.TryCreate("http://" + hostHeader.Trim(), UriKind.Absolute, out var uri) && _names.Contains(Normalize(uri.Host));
    }

    /// <summary>Whether an <c>Origin</c> header value is allowed; a request without one is not a browser's and passes.</summary>
    public bool IsAllowedOrigin(string? origin)
    {
        if (origin is null)
        {
            return true;
        }

        return Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && _names.Contains(Normalize(uri.Host));
    }

    private static string Normalize(string name) => name.Trim().Trim('[', ']').ToLowerInvariant();
}
