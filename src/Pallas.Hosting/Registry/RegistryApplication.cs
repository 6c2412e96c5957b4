using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pallas.Hosting.Auth;
using Pallas.Hosting.Http;
using Pallas.Hosting.Startup;
using Prometheus;

namespace Pallas.Hosting.Registry;

/// <summary>Builds the registry application: <c>/.well-known/mcp/server.json</c>, <c>/healthz</c>, <c>/metrics</c>; with <c>auth.protect_registry</c> all but <c>/healthz</c> need a key or token.</summary>
internal static partial class RegistryApplication
{
    public const string Component = "registry";
    public const string ServerJsonPath = "/.well-known/mcp/server.json";

    public static WebApplication Build(HostContext host, PreflightCache preflights)
    {
        var deployment = host.Project.Deployment;
        var auth = deployment.ProtectRegistry ? deployment.Auth : Configuration.Auth.AuthSettings.None;
        var builder = WebApplication.CreateSlimBuilder(EndpointApplication.Options());
        builder.Services.AddSingleton<IHostLifetime, ExternalHostLifetime>();
        builder.Logging.ClearProviders();
        host.ConfigureLogging(builder.Logging, Component);
        builder.WebHost.ConfigureKestrel(kestrel => KestrelListen.Configure(kestrel, deployment.Bind, deployment.RegistryPort, 64 * 1024));
        builder.Services.AddInboundAuth(auth, Component, host.Metrics);

        var app = builder.Build();
        app.UseInboundAuth(auth);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pallas.Hosting.Registry");
        app.MapGet(ServerJsonPath, context =>
        {
            List<Agents.AgentState> agents;
            lock (host.Agents)
            {
                agents = [.. host.Agents];
            }

            return HttpJson.WriteAsync(context.Response, RegistryDocument.Build(deployment, agents));
        }).RequireCaller(auth);
        app.MapGet("/healthz", context =>
        {
            List<Agents.AgentState> agents;
            lock (host.Agents)
            {
                agents = [.. host.Agents];
            }

            var (healthy, body) = HealthDocument.ForRegistry(deployment.Name, deployment.Version, agents, preflights.Results, host.IsDraining);
            context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            LogHealthProbe(logger, context.Response.StatusCode);
            return HttpJson.WriteAsync(context.Response, body);
        });
        app.MapMetrics("/metrics", host.Metrics.Registry).RequireCaller(auth);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Registry health probe answered {StatusCode}")]
    private static partial void LogHealthProbe(ILogger logger, int statusCode);
}
