using Pallas.Configuration.Cards;
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

    /// <summary>
    /// Every card of the project once, in start order: each agent's exposed card, then its sub-agents and workflow
    /// members, recursively. A card reached twice (a member of two parents, a module served by two agents) is listed
    /// once, by its file.
    /// </summary>
    public IReadOnlyList<AgentCard> AllCards()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cards = new List<AgentCard>();
        void Visit(AgentDefinition definition)
        {
            if (seen.Add(definition.Card.SourcePath))
            {
                cards.Add(definition.Card);
            }

            foreach (var member in definition.Members.Values)
            {
                Visit(member);
            }
        }

        foreach (var agent in Agents)
        {
            Visit(agent);
        }

        return cards;
    }
}
