using Microsoft.Extensions.Logging;
using Pallas.Agents.Runtime;
using Pallas.Agents.Telemetry;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Hosting.Logging;
using Pallas.Providers.Preflight;

namespace Pallas.Hosting;

/// <summary>How <see cref="PallasHost.RunAsync"/> runs a project.</summary>
public sealed record PallasHostOptions
{
    /// <summary>Default for <see cref="MaxRequestBodySize"/>: 16 MiB, room for a few base64 images.</summary>
    public const long DefaultMaxRequestBodySize = 16 * 1024 * 1024;

    /// <summary>The one agent to serve (<c>pallas --agent NAME</c>: no registry); <see langword="null"/> serves the registry and every agent.</summary>
    public string? AgentName { get; init; }

    /// <summary>Creates the runtime of an agent; called once per agent at startup.</summary>
    public required Func<AgentDefinition, IAgentRuntime> RuntimeFactory { get; init; }

    /// <summary>
    /// Probes a model's provider without spending tokens; <see langword="null"/> result when no probe applies
    /// (bedrock, offline models). Called once per provider. <see langword="null"/> runs no preflight at all.
    /// </summary>
    public Func<ModelSpec, CancellationToken, Task<PreflightResult?>>? Preflight { get; init; }

    /// <summary>The metrics served on <c>/metrics</c>.</summary>
    public PallasMetrics Metrics { get; init; } = new();

    /// <summary>How long shutdown waits for running <c>send_message</c> calls before cancelling them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for one provider preflight; a probe that takes longer counts as failed.</summary>
    public TimeSpan PreflightTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an agent waits for each dependency to answer MCP <c>initialize</c> before starting degraded.</summary>
    public TimeSpan DependencyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest request body accepted on <c>/mcp</c>; larger ones get 413.</summary>
    public long MaxRequestBodySize { get; init; } = DefaultMaxRequestBodySize;

    /// <summary>Whether SIGINT/SIGTERM start a graceful drain (on by default; tests turn it off and cancel instead).</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Called once every endpoint listens, with the URLs actually bound (ports may be 0 in configuration).</summary>
    public Action<PallasHostEndpoints>? OnReady { get; init; }

    /// <summary>
    /// Sets up logging for one endpoint (component = agent name, <c>registry</c> or <c>pallas</c>). The default is
    /// <see cref="PallasLoggingBuilderExtensions.AddPallasLogging"/> with the environment and <c>logger.level</c>.
    /// </summary>
    public Action<ILoggingBuilder, PallasProject, string> ConfigureLogging { get; init; } = static (logging, project, component) =>
        logging.AddPallasLogging(PallasLogSettings.FromEnvironment(project.Deployment.Name, component, project.Settings.LogLevel));

    /// <summary>Clock for uptime and health timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
