using Pallas.Configuration.Cards;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Configuration.Settings;

namespace Pallas.Configuration.Loading;

/// <summary>
/// Resolves each agents.yaml entry into its <see cref="AgentDefinition"/>: the module's cards, the model and its
/// capabilities, the instruction's files, and every sub-agent and workflow member as a definition of its own. What
/// serving would refuse (a missing or cyclic member, an unreadable <c>{{file:}}</c>, a model without capabilities) is a
/// located error here, so that <c>pallas check</c> reports it.
/// </summary>
internal sealed class AgentResolver(string root, PallasSettings settings, YamlLocation defaultModelAt, DiagnosticBag diagnostics)
{
    private readonly CardReader _cards = new(diagnostics, settings.McpServers.Keys.ToList());

    // Read once per card, before any agent is resolved: a card's own mistakes are reported even when its agent fails.
    private readonly Dictionary<AgentCard, (ModelSpec? Model, InstructionTemplate Instruction)> _read = new(ReferenceEqualityComparer.Instance);

    /// <summary>Each model an agent or member runs on, for the checks that depend on what is used.</summary>
    public List<ModelUse> Uses { get; } = [];

    public List<AgentDefinition> Resolve(DeploymentConfig deployment, Dictionary<string, YamlMap> maps)
    {
        var modules = new ModuleResolver(root, _cards, diagnostics);
        var result = new List<AgentDefinition>();
        foreach (var agent in deployment.Agents)
        {
            var map = maps[agent.Name];
            if (modules.Resolve(agent.Module, map.At("module")) is not { } resolved)
            {
                continue;
            }

            var (card, subCards) = resolved;
            foreach (var member in subCards.Values.Prepend(card))
            {
                CheckReferences(member, card.Name, subCards);
                _read[member] = (member.Model is null ? null : ParseModel(member), Instruction(member));
            }

            CheckCycles(card, subCards, [card.Name], new HashSet<string>(StringComparer.Ordinal));

            var (model, modelAt) = ResolveModel(agent, card, map);
            if (model is null || !IsServed(model, modelAt))
            {
                continue;
            }

            var where = modelAt.Key == "default_model" ? TopLevel : $"under agents.{agent.Name} in agents.yaml";
            if (ResolveCapabilities(model, agent.ModelCapabilities, modelAt, where) is { } capabilities)
            {
                Uses.Add(new ModelUse(model, modelAt, agent.Name));
                var definition = new AgentDefinition
                {
                    Deployment = agent, Card = card, Model = model, Capabilities = capabilities, Instruction = _read[card].Instruction,
                };
                result.Add(definition with { Members = Members(definition, subCards, [card.Name]) });
            }
        }

        return result;
    }

    private const string TopLevel = "at the top level of fastagent.config.yaml";

    /// <summary>The members <paramref name="parent"/>'s card names; <paramref name="lineage"/> is the path from the exposed card.</summary>
    private Dictionary<string, AgentDefinition> Members(AgentDefinition parent, Dictionary<string, AgentCard> subCards, IReadOnlyList<string> lineage)
    {
        var members = new Dictionary<string, AgentDefinition>(StringComparer.Ordinal);
        foreach (var (key, name) in References(parent.Card))
        {
            if (members.ContainsKey(name) || name == parent.Card.Name)
            {
                continue;
            }

            if (lineage.Contains(name, StringComparer.Ordinal) || !subCards.TryGetValue(name, out var card))
            {
                continue; // a cycle is CheckCycles's error, a missing card CheckReferences's
            }

            if (Member(parent, card) is { } member)
            {
                members[name] = member with { Members = Members(member, subCards, [.. lineage, name]) };
            }
        }

        return members;
    }

    /// <summary>A member runs on its card's own model, else on its parent's.</summary>
    private AgentDefinition? Member(AgentDefinition parent, AgentCard card)
    {
        var model = parent.Model;
        var capabilities = parent.Capabilities;
        if (card.Model is not null)
        {
            var modelAt = _cards.At(card, "model");
            if (_read[card].Model is not { } own || !IsServed(own, modelAt))
            {
                return null;
            }

            if (own != parent.Model)
            {
                // The agents.yaml block describes the agent's own model, not this one.
                (model, capabilities) = (own, ResolveCapabilities(own, own: null, modelAt, TopLevel));
                if (capabilities is not null)
                {
                    Uses.Add(new ModelUse(own, modelAt, card.Name));
                }
            }
        }

        return capabilities is null ? null : new AgentDefinition
        {
            Deployment = parent.Deployment with { Name = card.Name },
            Card = card,
            Model = model,
            Capabilities = capabilities,
            Instruction = _read[card].Instruction,
        };
    }

    private InstructionTemplate Instruction(AgentCard card) =>
        InstructionTemplate.Create(card.Instruction, Path.GetDirectoryName(card.SourcePath) ?? root, (placeholder, reason) =>
            diagnostics.Error(_cards.LineOf(card, placeholder, "instruction"),
                $"the instruction placeholder {placeholder} names a file that cannot be read ({reason}); create it, fix the path (relative to the card's folder), or write file_silent: for a file that may be absent."));

    /// <summary>agents.yaml <c>model</c>, else the card's, else <c>default_model</c>; with where it was written.</summary>
    private (ModelSpec? Model, YamlLocation At) ResolveModel(AgentDeployment agent, AgentCard card, YamlMap map)
    {
        if (agent.Model is not null || map.Has("model"))
        {
            return (agent.Model, map.At("model"));
        }

        if (card.Model is not null)
        {
            return (_read[card].Model, _cards.At(card, "model"));
        }

        if (settings.DefaultModel is null)
        {
            diagnostics.Error(map.Location, $"agent '{agent.Name}' has no model: set default_model in fastagent.config.yaml, or model: on this agent or in its card.\n{ModelSpec.ValidForms}");
        }

        return (settings.DefaultModel, defaultModelAt);
    }

    /// <summary>Whether the configured endpoint serves <paramref name="model"/> at all.</summary>
    private bool IsServed(ModelSpec model, YamlLocation modelAt)
    {
        if (model is { Provider: ModelProvider.Anthropic } && settings.Anthropic.IsMantle && MantleModels.IsUnavailable(model.ModelId))
        {
            diagnostics.Error(modelAt, $"{MantleModels.SonnetHasNoMantleEndpoint}.");
            return false;
        }

        return true;
    }

    /// <summary>Capabilities: <paramref name="own"/> block, then the top-level block, then the built-in database.</summary>
    private ModelCapabilities? ResolveCapabilities(ModelSpec model, ModelCapabilitiesOverride? own, YamlLocation modelAt, string where)
    {
        var known = ModelDatabase.Find(model)?.Capabilities;
        var top = settings.ModelCapabilities;
        var vision = own?.Vision ?? top?.Vision ?? known?.Vision;
        var context = own?.ContextWindow ?? top?.ContextWindow ?? known?.ContextWindow;
        var output = own?.MaxOutputTokens ?? top?.MaxOutputTokens ?? known?.MaxOutputTokens;
        if (vision is { } v && context is { } c && output is { } o)
        {
            return new ModelCapabilities(v, c, o);
        }

        if (own is null && top is null && ModelDatabase.Suggest(model) is { } suggestion)
        {
            diagnostics.Error(modelAt, $"model '{model}' is not in the built-in database (see `pallas models`); did you mean '{suggestion}'?");
            return null;
        }

        diagnostics.Error(modelAt, $"""
            the capabilities of model '{model}' are not known: it is not in the built-in database (see `pallas models`) and no model_capabilities block describes it{(own is null && top is null ? "" : " completely")}.
            Add this block {where}, with the model's real values:
              model_capabilities:
                vision: {(vision ?? false).ToString().ToLowerInvariant()}            # true if the model accepts images
                context_window: {context ?? 200000}   # input tokens
                max_output_tokens: {output ?? 8000}   # most tokens per reply
            """);
        return null;
    }

    /// <summary>The card's <c>model:</c>, parsed; a string that does not parse is an error at its line.</summary>
    private ModelSpec? ParseModel(AgentCard card)
    {
        if (ModelSpec.TryParse(card.Model!, out var spec, out var error))
        {
            return spec;
        }

        diagnostics.Error(_cards.At(card, "model"), error);
        return null;
    }

    /// <summary>
    /// Reports each reference that closes a cycle, once, at its key; on the cards alone, so that a member whose model
    /// is wrong still has its cycle reported. <paramref name="done"/> holds cards whose references are all walked.
    /// </summary>
    private void CheckCycles(AgentCard card, Dictionary<string, AgentCard> subCards, List<string> lineage, HashSet<string> done)
    {
        foreach (var (key, name) in References(card).Where(r => r.Name != card.Name))
        {
            // The exposed card closes a cycle too, though it is not among the sub-cards.
            if (lineage.Contains(name, StringComparer.Ordinal))
            {
                diagnostics.Error(_cards.At(card, key),
                    $"'{name}' makes the sub-agents a cycle ({string.Join(" -> ", lineage)} -> {name}); remove it from {key}: or from one of the cards before it.");
            }
            else if (!done.Contains(name) && subCards.TryGetValue(name, out var member))
            {
                lineage.Add(name);
                CheckCycles(member, subCards, lineage, done);
                lineage.RemoveAt(lineage.Count - 1);
            }
        }

        done.Add(card.Name);
    }

    private void CheckReferences(AgentCard card, string exposed, Dictionary<string, AgentCard> subCards)
    {
        // A member naming the exposed card is a cycle, reported by Members.
        var missing = References(card).Where(r => r.Name == card.Name || (r.Name != exposed && !subCards.ContainsKey(r.Name)));
        foreach (var (key, name) in missing)
        {
            diagnostics.Error(_cards.At(card, key), $"'{name}' is not another card in this module's folder; put {name}.md next to this card (a folder module holds an agent and its sub-agents).");
        }
    }

    /// <summary>Every card name <paramref name="card"/> refers to, with the key that names it.</summary>
    private static IEnumerable<(string Key, string Name)> References(AgentCard card)
    {
        var flow = card.Workflow;
        var references = new (string Key, IEnumerable<string> Names)[]
        {
            ("agents", card.Agents),
            ("sequence", flow.Sequence),
            ("fan_out", flow.FanOut),
            ("fan_in", flow.FanIn is { } fanIn ? [fanIn] : []),
            ("generator", flow.Generator is { } generator ? [generator] : []),
            ("evaluator", flow.Evaluator is { } evaluator ? [evaluator] : []),
        };
        return references.SelectMany(reference => reference.Names.Select(name => (reference.Key, name)));
    }
}
