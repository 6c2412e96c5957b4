using Microsoft.Extensions.Logging;
using Pallas.Agents.Telemetry;
using Pallas.Configuration.Project;
using Pallas.Hosting.Agents;
using Pallas.Hosting.Tasks;

namespace Pallas.Hosting.Startup;

/// <summary>State shared by every endpoint of one <see cref="PallasHost"/> run.</summary>
internal sealed class HostContext(PallasProject project, PallasHostOptions options, TaskCoordinator tasks, CancellationToken hardStop)
{
    private volatile bool _draining;

    public PallasProject Project { get; } = project;

    public PallasHostOptions Options { get; } = options;

    public PallasMetrics Metrics => Options.Metrics;

    public TimeProvider Time => Options.TimeProvider;

    public InflightTracker Inflight { get; } = new();

    /// <summary>The MCP tasks of this process, shared by its agents (and, with Redis, by every replica).</summary>
    public TaskCoordinator Tasks { get; } = tasks;

    /// <summary>Fires when the drain timeout expires: calls still running are cancelled.</summary>
    public CancellationToken HardStop { get; } = hardStop;

    /// <summary>The agents this process serves, in start order; filled as they start.</summary>
    public List<AgentState> Agents { get; } = [];

    /// <summary>Whether shutdown began: new calls are refused and health probes fail.</summary>
    public bool IsDraining => _draining;

    public void BeginDrain() => _draining = true;

    /// <summary>Applies the logging configuration of the options to one endpoint.</summary>
    public void ConfigureLogging(ILoggingBuilder logging, string component) => Options.ConfigureLogging(logging, Project, component);
}
