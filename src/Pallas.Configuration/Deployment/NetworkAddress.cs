using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Pallas.Configuration.Deployment;

/// <summary>What an address in agents.yaml (<c>host</c>, <c>bind</c>) reaches.</summary>
public static class NetworkAddress
{
    /// <summary>Whether <paramref name="address"/> names this machine only: <c>localhost</c>, <c>127.x.x.x</c>, <c>::1</c>.</summary>
    public static bool IsLoopback(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(address.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>What a <c>bind</c> value may be, said by <c>pallas check</c> and by a start that is given another.</summary>
    public const string BindForms = "use 127.0.0.1 (local only), 0.0.0.0 or :: (all interfaces), or localhost";

    /// <summary>The address a <c>bind</c> value listens on: an IP literal (IPv6 in brackets or not), or <c>localhost</c> for the IPv4 loopback.</summary>
    public static bool TryParseBind(string bind, [NotNullWhen(true)] out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(bind);
        if (bind.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(bind.Trim('[', ']'), out address);
    }

    /// <summary>The URL of an endpoint at <paramref name="host"/> (an IPv6 literal gets its brackets), e.g. <c>http://localhost:8201/mcp</c>.</summary>
    public static string HttpUrl(string host, int port, string path)
    {
        ArgumentNullException.ThrowIfNull(host);
        var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return $"http://{hostPart}:{port}{path}";
    }
}
