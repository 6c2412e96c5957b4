using Pallas.Configuration.Deployment;
using Pallas.Configuration.Settings;

namespace Pallas.Configuration.Project;

/// <summary>A loaded, validated project: everything hosting needs, resolved once at startup.</summary>
public sealed record PallasProject
{
    /// <summary>The project directory (absolute).</summary>
    public required string Directory { get; init; }

    /// <summary><c>agents.yaml</c>.</summary>
    public required DeploymentConfig Deployment { get; init; }

    /// <summary>Config and secrets, merged.</summary>
    public required PallasSettings Settings { get; init; }

    /// <summary>Each agent of <see cref="Deployment"/>, resolved, in start order (dependencies first).</summary>
    public required IReadOnlyList<AgentDefinition> Agents { get; init; }

    /// <summary>Finds an agent by name (case-sensitive, as in agents.yaml).</summary>
    public AgentDefinition? FindAgent(string name) => Agents.FirstOrDefault(agent => agent.Name == name);
}
