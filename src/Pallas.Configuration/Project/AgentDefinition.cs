using Pallas.Configuration.Cards;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Models;

namespace Pallas.Configuration.Project;

/// <summary>An agent with its deployment entry, its card(s), and its model and capabilities resolved.</summary>
public sealed record AgentDefinition
{
    /// <summary>The agent's name (the key in agents.yaml).</summary>
    public string Name => Deployment.Name;

    /// <summary>Its agents.yaml entry.</summary>
    public required AgentDeployment Deployment { get; init; }

    /// <summary>The exposed card: the module's file, or the folder's default card.</summary>
    public required AgentCard Card { get; init; }

    /// <summary>The other cards of a folder module, by name: sub-agents and workflow members.</summary>
    public IReadOnlyDictionary<string, AgentCard> SubCards { get; init; } = new Dictionary<string, AgentCard>();

    /// <summary>The model: agents.yaml <c>model</c>, else the card's, else <c>default_model</c>.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>Capabilities: agent block, then top-level block, then the built-in database.</summary>
    public required ModelCapabilities Capabilities { get; init; }
}
