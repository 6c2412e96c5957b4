using Pallas.Configuration.Cards;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Models;

namespace Pallas.Configuration.Project;

/// <summary>
/// An agent fully resolved: its deployment entry, card, model, capabilities, instruction (files read) and, for a folder
/// module, every sub-agent and workflow member it names, each a definition of its own. The graph is acyclic and
/// complete: hosting only wires runtimes from it.
/// </summary>
public sealed record AgentDefinition
{
    /// <summary>The agent's name (the key in agents.yaml).</summary>
    public string Name => Deployment.Name;

    /// <summary>Its agents.yaml entry; a member's is its parent's, under the member's card name.</summary>
    public required AgentDeployment Deployment { get; init; }

    /// <summary>The exposed card: the module's file, or the folder's default card.</summary>
    public required AgentCard Card { get; init; }

    /// <summary>
    /// The sub-agents (<c>agents:</c> of an agent card) and workflow members (<c>sequence</c>, <c>fan_out</c>, <c>fan_in</c>,
    /// <c>generator</c>, <c>evaluator</c>, a router's or orchestrator's <c>agents</c>) this card names, by card name.
    /// </summary>
    public IReadOnlyDictionary<string, AgentDefinition> Members { get; init; } = new Dictionary<string, AgentDefinition>();

    /// <summary>The card's instruction with its <c>{{file:…}}</c> placeholders read.</summary>
    public required InstructionTemplate Instruction { get; init; }

    /// <summary>
    /// The model: agents.yaml <c>model</c>, else the card's, else <c>default_model</c>; a member's own card <c>model</c>,
    /// else its parent's.
    /// </summary>
    public required ModelSpec Model { get; init; }

    /// <summary>Capabilities: agent block, then top-level block, then the built-in database.</summary>
    public required ModelCapabilities Capabilities { get; init; }
}
