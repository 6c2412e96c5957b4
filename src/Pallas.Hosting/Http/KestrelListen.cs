using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Pallas.Configuration.Deployment;
using Pallas.Hosting.Startup;

namespace Pallas.Hosting.Http;

/// <summary>Binds an endpoint to the agents.yaml <c>bind</c> address and reads back the port actually bound.</summary>
internal static class KestrelListen
{
    public static void Configure(KestrelServerOptions kestrel, string bind, int port, long maxRequestBodySize)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = maxRequestBodySize;
        kestrel.Listen(ParseBind(bind), port);
    }

    /// <summary>The address to listen on: an IP literal, or <c>localhost</c> for the IPv4 loopback.</summary>
    public static IPAddress ParseBind(string bind) =>
        // pallas check reports a bad bind; this guards configurations built without the loader.
        NetworkAddress.TryParseBind(bind, out var address)
            ? address
            : throw new HostStartupException($"bind '{bind}' in agents.yaml is not an IP address; {NetworkAddress.BindForms}.", PallasExitCodes.StartupFailed);

    /// <summary>The port Kestrel bound (the configured one, or the one the OS chose for port 0).</summary>
    public static int BoundPort(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                return uri.Port;
            }
        }

        throw new InvalidOperationException("Kestrel reported no bound address.");
    }

    /// <summary>A URL a local client can use to reach an endpoint bound to <paramref name="bind"/>.</summary>
    public static Uri LocalUrl(string bind, int port, string path)
    {
        var address = ParseBind(bind);
        var host = address.Equals(IPAddress.Any) ? "127.0.0.1"
            : address.Equals(IPAddress.IPv6Any) ? "[::1]"
            : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]"
            : address.ToString();
        return new Uri($"http://{host}:{port}{path}");
    }
}
