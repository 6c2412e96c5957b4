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
}
