using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Hosting.Agents;
using Pallas.Hosting.Http;
using Pallas.Hosting.Logging;
using Pallas.Hosting.Registry;
using Pallas.Hosting.Startup;
using Pallas.Hosting.Tasks;

namespace Pallas.Hosting;

/// <summary>
/// Runs a project: provider preflight, the registry, then each agent's MCP endpoint in <c>depends_on</c> order, until
/// cancelled or signalled; then drains running calls (bounded) and stops.
/// </summary>
public static partial class PallasHost
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Serves <paramref name="project"/> until <paramref name="cancellationToken"/> fires (or SIGINT/SIGTERM); returns a <see cref="PallasExitCodes"/> value.</summary>
    public static async Task<int> RunAsync(PallasProject project, PallasHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(options);

        using var loggerFactory = LoggerFactory.Create(logging => options.ConfigureLogging(logging, project, "pallas"));
        var logger = loggerFactory.CreateLogger("Pallas.Hosting");
        var readyLogger = loggerFactory.CreateLogger(PallasLoggingBuilderExtensions.ReadyCategory);
        foreach (var problem in PallasLogSettings.EnvironmentProblems())
        {
            LogSettingIgnored(logger, problem);
        }

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var hardStop = new CancellationTokenSource();
        var signals = options.HandleSignals ? RegisterSignals(shutdown) : [];
        await using var tasks = await TaskStores.CreateCoordinatorAsync(project.Deployment.Tasks, options.TimeProvider, loggerFactory, cancellationToken);
        var host = new HostContext(project, options, tasks, hardStop.Token);
        List<WebApplication> apps = [];
        var exitCode = PallasExitCodes.Ok;
        try
        {
            await StartAsync(host, apps, logger, readyLogger, shutdown.Token);
            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Ctrl-C, SIGTERM or the caller: a normal stop.
        }
        catch (HostStartupException exception)
        {
            LogStartupFailed(logger, exception.Message);
            exitCode = exception.ExitCode;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A runtime or endpoint failing in a way nobody translated: still one line, no stack trace, no secrets.
            var error = $"Pallas failed while starting: {exception.GetType().Name}: {SecretRedactor.Redact(exception.Message).ReplaceLineEndings(" ")}";
            LogStartupFailed(logger, error);
            exitCode = PallasExitCodes.StartupFailed;
        }
        finally
        {
            await StopAsync(host, apps, hardStop, logger);
            foreach (var signal in signals)
            {
                signal.Dispose();
            }
        }

        return exitCode;
    }

    private static async Task StartAsync(HostContext host, List<WebApplication> apps, ILogger logger, ILogger readyLogger, CancellationToken cancellationToken)
    {
        var project = host.Project;
        var options = host.Options;
        var served = SelectAgents(project, options.AgentName);

        IEnumerable<ModelSpec> models = served.Select(agent => agent.Model);
        if (options.AgentName is null && project.Settings.DefaultModel is { } defaultModel)
        {
            models = models.Prepend(defaultModel);
        }

        var preflights = await PreflightCache.RunAsync(models, options.Preflight, options.PreflightTimeout, options.Metrics, options.TimeProvider, logger, cancellationToken);
        foreach (var definition in served)
        {
            var runtime = CreateRuntime(options, definition);
            lock (host.Agents)
            {
                host.Agents.Add(new AgentState(definition, runtime, preflights.For(definition.Model), options.TimeProvider));
            }
        }

        Uri? registryUrl = null;
        if (options.AgentName is null)
        {
            var registry = RegistryApplication.Build(host, preflights);
            apps.Add(registry);
            await StartAppAsync(registry, "registry", "registry_port", project.Deployment.Bind, project.Deployment.RegistryPort, cancellationToken);
            registryUrl = KestrelListen.LocalUrl(project.Deployment.Bind, KestrelListen.BoundPort(registry.Services), "/");
            LogRegistryListening(logger, registryUrl);
        }

        Dictionary<string, Uri> agentUrls = [];
        foreach (var agent in host.Agents)
        {
            WatchDependencies(host, agent, agentUrls, logger, cancellationToken);

            var app = AgentApplication.Build(agent, host, serveMetrics: options.AgentName is not null);
            apps.Add(app);
            await StartAppAsync(app, $"agent '{agent.Name}'", $"agents.{agent.Name}.port", project.Deployment.Bind, agent.Definition.Deployment.Port, cancellationToken);
            agent.BoundPort = KestrelListen.BoundPort(app.Services);
            agentUrls[agent.Name] = KestrelListen.LocalUrl(project.Deployment.Bind, agent.BoundPort, AgentApplication.McpPath);
        }

        foreach (var agent in host.Agents)
        {
            // Downstream servers connect in the background from here on, once every agent of this process listens
            // (one may be another's server): a server slow to answer holds up no endpoint, get_health shows it connecting.
            agent.Runtime.StartConnecting();
            agent.MarkReady();
            LogAgentListening(logger, agent.Name, agentUrls[agent.Name], agent.Definition.Model, agent.Status);
        }

        options.OnReady?.Invoke(new PallasHostEndpoints(registryUrl, agentUrls));
        LogReady(readyLogger, host.Agents.Count);
    }

    private static List<AgentDefinition> SelectAgents(PallasProject project, string? agentName)
    {
        if (agentName is null)
        {
            return [.. project.Agents];
        }

        return project.FindAgent(agentName) is { } agent
            ? [agent]
            : throw new HostStartupException(
                $"--agent {agentName}: agents.yaml defines no such agent; known agents: {string.Join(", ", project.Agents.Select(a => a.Name))}.",
                PallasExitCodes.StartupFailed);
    }

    private static Pallas.Agents.Runtime.IAgentRuntime CreateRuntime(PallasHostOptions options, AgentDefinition definition)
    {
        try
        {
            return options.RuntimeFactory(definition);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new HostStartupException($"agent '{definition.Name}' could not be created: {exception.Message}", PallasExitCodes.StartupFailed, exception);
        }
    }

    // Dependencies in this process started (in depends_on order) before this agent and listen already. With --agent
    // they are other processes, found through agents.yaml: the agent listens at once, degraded with the reason, while
    // a background probe waits for each one, so a dependency that starts later clears it (the readiness probe passes).
    private static void WatchDependencies(HostContext host, AgentState agent, Dictionary<string, Uri> agentUrls, ILogger logger, CancellationToken stopping)
    {
        var deployment = host.Project.Deployment;
        foreach (var dependency in agent.Definition.Deployment.DependsOn.Where(name => !agentUrls.ContainsKey(name)))
        {
            if (host.Project.FindAgent(dependency) is not { } other)
            {
                agent.SetProblem(dependency, $"dependency '{dependency}' is not defined in agents.yaml");
                continue;
            }

            var url = new Uri(NetworkAddress.HttpUrl(deployment.Host, other.Deployment.Port, AgentApplication.McpPath));
            _ = DependencyWatch.RunAsync(agent, dependency, url, host.Options.DependencyTimeout, host.Time, logger, stopping);
        }
    }

    private static async Task StartAppAsync(WebApplication app, string what, string key, string bind, int port, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException exception) when (IsAddressInUse(exception))
        {
            throw new HostStartupException(
                $"{what} cannot start: port {port} on {bind} is already in use. Stop the other process or change {key} in agents.yaml.",
                PallasExitCodes.PortUnavailable,
                exception);
        }
        catch (IOException exception)
        {
            throw new HostStartupException($"{what} cannot listen on {bind}:{port}: {exception.Message}", PallasExitCodes.PortUnavailable, exception);
        }
    }

    private static bool IsAddressInUse(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is Microsoft.AspNetCore.Connections.AddressInUseException
                || current is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogSettingIgnored(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Error}")]
    private static partial void LogStartupFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry listening on {Url}")]
    private static partial void LogRegistryListening(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} listening on {Url} (model {Model}, {Status})")]
    private static partial void LogAgentListening(ILogger logger, string agent, Uri url, ModelSpec model, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pallas ready: {AgentCount} agent(s) serving")]
    private static partial void LogReady(ILogger logger, int agentCount);

}
