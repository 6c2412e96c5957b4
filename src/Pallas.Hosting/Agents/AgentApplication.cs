using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Pallas.Hosting.Auth;
using Pallas.Hosting.Http;
using Pallas.Hosting.Limits;
using Pallas.Hosting.Memory;
using Pallas.Hosting.Registry;
using Pallas.Hosting.Startup;
using Pallas.Hosting.Tasks;
using Prometheus;

namespace Pallas.Hosting.Agents;

/// <summary>
/// Builds the slim ASP.NET Core application of one agent port: <c>/mcp</c> behind the agent's auth and limits,
/// <c>/healthz</c> always open (probes), <c>/metrics</c> with <c>--agent</c>, and the OAuth resource metadata.
/// </summary>
internal static partial class AgentApplication
{
    public const string McpPath = "/mcp";

    public static WebApplication Build(AgentState agent, HostContext host, bool serveMetrics)
    {
        var deployment = host.Project.Deployment;
        var (auth, limits) = (agent.Definition.Deployment.Auth, agent.Definition.Deployment.Limits);
        var rejection = new LimitRejection(agent.Name, host.Metrics);
        var builder = WebApplication.CreateSlimBuilder(EndpointApplication.Options());
        builder.Services.AddSingleton<IHostLifetime, ExternalHostLifetime>();
        builder.Logging.ClearProviders();
        host.ConfigureLogging(builder.Logging, agent.Name);
        builder.WebHost.ConfigureKestrel(kestrel =>
            KestrelListen.Configure(kestrel, deployment.Bind, agent.Definition.Deployment.Port, host.Options.MaxRequestBodySize));

        // A burst of large bodies must not leave Kestrel holding their buffers (docs/performance.md, burst).
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(new BoundedBlockPoolFactory(BoundedBlockPoolFactory.DefaultMaxPooledBlocks, IdleMemoryRelease.Shared));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(agent);
        builder.Services.AddSingleton(host);
        builder.Services.AddSingleton(host.Tasks);
        builder.Services.AddSingleton<AgentMcpHandlers>();
        builder.Services.AddSingleton<RunningCalls>();
        builder.Services.AddSingleton<IConfigureOptions<McpServerOptions>, TasksEndpoint>();
        builder.Services.AddInboundAuth(auth, agent.Name, host.Metrics);
        builder.Services.AddCallLimits(limits, rejection);

        // MCP9005: logging is deprecated only from spec 2026-07-28; the contract's notifications/message needs it.
#pragma warning disable MCP9005
        builder.Services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = agent.Name, Title = agent.Definition.Deployment.Title, Version = deployment.Version };
                options.ServerInstructions = agent.Definition.Deployment.Description ?? agent.Definition.Card.Description;
            })
            .WithHttpTransport(options => options.Stateless = true)
            .WithMessageFilters(filters => filters.AddIncomingFilter(ToolCallShape.Filter).AddIncomingFilter(RunningCalls.Filter))
            .WithListToolsHandler((request, token) => Handlers(request.Services).ListToolsAsync(request, token))
            .WithCallToolHandler((request, token) => Handlers(request.Services).CallToolAsync(request, token))
            .WithListPromptsHandler((request, token) => Handlers(request.Services).ListPromptsAsync(request, token))
            .WithGetPromptHandler((request, token) => Handlers(request.Services).GetPromptAsync(request, token))
            // Stateless: there is no session to keep a level in; accepting the call keeps clients that set one working.
            .WithSetLoggingLevelHandler((_, _) => ValueTask.FromResult(new EmptyResult()));
#pragma warning restore MCP9005

        var app = builder.Build();
        var guard = new McpTransportGuardOptions(McpPath, AllowedHosts.For(deployment.Host, deployment.Bind), host.Options.MaxRequestBodySize, () => host.IsDraining);
        app.UseMiddleware<McpTransportGuardMiddleware>(guard);
        app.UseInboundAuth(auth);
        app.UseCallLimits(limits, rejection);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pallas.Hosting.Health");
        app.MapGet("/healthz", context => WriteHealthAsync(context, agent, host, logger));
        if (serveMetrics)
        {
            app.MapMetrics("/metrics", host.Metrics.Registry);
        }

        app.MapMcp(McpPath).RequireCaller(auth);
        return app;
    }

    private static AgentMcpHandlers Handlers(IServiceProvider? services) =>
        (services ?? throw new InvalidOperationException("The MCP request carries no service provider.")).GetRequiredService<AgentMcpHandlers>();

    private static async Task WriteHealthAsync(HttpContext context, AgentState agent, HostContext host, ILogger logger)
    {
        var tasks = await host.Tasks.HealthAsync(context.RequestAborted);
        var (healthy, body) = HealthDocument.ForAgent(agent, host.IsDraining, tasks);
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        LogHealthProbe(logger, agent.Name, context.Response.StatusCode);
        await HttpJson.WriteAsync(context.Response, body);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Health probe for {Agent} answered {StatusCode}")]
    private static partial void LogHealthProbe(ILogger logger, string agent, int statusCode);
}
