using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Pallas.Hosting.Http;

/// <summary>What every endpoint application is created with.</summary>
internal static class EndpointApplication
{
    /// <summary>
    /// Always Production: an inherited <c>ASPNETCORE_ENVIRONMENT=Development</c> would turn on the developer exception
    /// page and send stack traces to MCP clients. The content root is the install folder, never the user's project.
    /// </summary>
    public static WebApplicationOptions Options() => new()
    {
        ApplicationName = "Pallas",
        EnvironmentName = Environments.Production,
        ContentRootPath = AppContext.BaseDirectory,
    };
}
