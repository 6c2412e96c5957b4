using Pallas.Configuration.Auth;
using Pallas.Configuration.Tasks;

namespace Pallas.Configuration.Deployment;

/// <summary><c>agents.yaml</c>: the deployment topology.</summary>
public sealed record DeploymentConfig
{
    /// <summary>Project name; the <c>project</c> field of every log line.</summary>
    public required string Name { get; init; }

    /// <summary>Exact semantic version published in the registry.</summary>
    public required string Version { get; init; }

    /// <summary>Host used in the URLs the registry publishes.</summary>
    public required string Host { get; init; }

    /// <summary>Reverse-DNS namespace of registry names (default <c>local.{name}</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>Port of the registry, <c>/healthz</c> and <c>/metrics</c>.</summary>
    public required int RegistryPort { get; init; }

    /// <summary>Address to listen on (default <c>127.0.0.1</c>; <c>0.0.0.0</c> to expose).</summary>
    public string Bind { get; init; } = "127.0.0.1";

    /// <summary>The agents, in file order.</summary>
    public required IReadOnlyList<AgentDeployment> Agents { get; init; }

    /// <summary>The <c>tasks:</c> block: where MCP tasks are kept and for how long.</summary>
    public TaskSettings Tasks { get; init; } = new();

    /// <summary>
    /// The top-level <c>auth</c>, resolved for the registry port (its audience is the registry's URL); it guards
    /// server.json, <c>/metrics</c> and the status page only when <see cref="ProtectRegistry"/> is set.
    /// </summary>
    public AuthSettings Auth { get; init; } = AuthSettings.None;

    /// <summary><c>auth.protect_registry</c>: the registry port needs a key or token too (<c>/healthz</c> stays open).</summary>
    public bool ProtectRegistry { get; init; }
}
