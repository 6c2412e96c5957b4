using Pallas.Configuration.Cards;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Loading;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using YamlDotNet.RepresentationModel;

namespace Pallas.Configuration.Project;

/// <summary>
/// Loads a project directory in one pass: <c>.env</c>, <c>fastagent.config.yaml</c> with its secrets merged over it,
/// <c>agents.yaml</c>, every AgentCard, and each agent's model and capabilities. Every problem is collected; none
/// stops the others from being found.
/// </summary>
public static class ProjectLoader
{
    /// <summary>The names of the agents file, config and secrets, in the order fast-agent prefers them.</summary>
    public const string AgentsFile = "agents.yaml";

    /// <summary>Environment variable naming the agents.yaml file (absolute, or relative to the project directory).</summary>
    public const string AgentsFileVariable = "PALLAS_AGENTS_CONFIG";

    private static readonly string[] ConfigNames = ["fastagent.config.yaml", "fast-agent.yaml", "fast-agent.config.yaml"];
    private static readonly string[] SecretsNames = ["fastagent.secrets.yaml", "fast-agent.secrets.yaml"];

    /// <summary>Loads and validates the project in <paramref name="directory"/>.</summary>
    public static ProjectLoadResult Load(string directory, ProjectLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new ProjectLoadOptions();
        var diagnostics = new DiagnosticBag();
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            diagnostics.Error(directory, 0, "", "the project directory does not exist; pass --project DIR or run `pallas init DIR` to create one.");
            return new ProjectLoadResult(null, diagnostics.Items);
        }

        var environment = DotEnvFile.Load(root, options, diagnostics);
        var settingsReader = new SettingsReader(diagnostics, root);
        var settings = settingsReader.Read(LoadConfig(root, environment, diagnostics));

        var agentsPath = ResolveAgentsFile(root, environment);
        var deploymentReader = new DeploymentReader(diagnostics, settingsReader);
        DeploymentConfig? deployment = null;
        if (!File.Exists(agentsPath))
        {
            diagnostics.Error(Display(root, agentsPath), 0, "",
                $"not found in {root}; run `pallas init` to create a project here, pass --project DIR, or set {AgentsFileVariable}.");
        }
        else if (ParseFile(root, agentsPath, sources: new YamlSources(environment: null), diagnostics) is { } agentsMap)
        {
            deployment = deploymentReader.Read(agentsMap);
        }

        // After a YAML syntax error, resolving agents would only report what the broken file failed to say.
        var agents = deployment is null || diagnostics.HasSyntaxError ? [] : ResolveAgents(root, deployment, settings, settingsReader.DefaultModelAt, deploymentReader.AgentMaps, diagnostics);
        var project = diagnostics.HasErrors || deployment is null
            ? null
            : new PallasProject
            {
                Directory = root,
                Deployment = deployment,
                Settings = settings,
                Agents = DependencyOrder.Sort(agents, a => a.Name, a => a.Deployment.DependsOn),
            };
        return new ProjectLoadResult(project, diagnostics.Items);
    }

    private static List<AgentDefinition> ResolveAgents(
        string root, DeploymentConfig deployment, PallasSettings settings, YamlLocation defaultModelAt, Dictionary<string, YamlMap> maps, DiagnosticBag diagnostics)
    {
        var cards = new CardReader(diagnostics, settings.McpServers.Keys.ToList());
        var modules = new ModuleResolver(root, cards, diagnostics);
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
                CheckSubAgentReferences(cards, member, subCards, diagnostics);
            }

            // A sub-agent's own model: one that does not parse would otherwise run, silently, on the parent's.
            foreach (var member in subCards.Values.Where(member => member.Model is not null && !ReferenceEquals(member, card)))
            {
                if (!ModelSpec.TryParse(member.Model!, out var spec, out var error))
                {
                    diagnostics.Error(cards.At(member, "model"), error);
                }
                else if (ModelDatabase.Suggest(spec) is { } suggestion)
                {
                    diagnostics.Error(cards.At(member, "model"), NotInDatabase(spec, suggestion));
                }
            }

            var (model, modelAt) = ResolveModel(agent, card, settings, map, cards, defaultModelAt, diagnostics);
            if (model is { Provider: ModelProvider.Anthropic } && settings.Anthropic.IsMantle && MantleModels.IsUnavailable(model.ModelId))
            {
                diagnostics.Error(modelAt, $"{MantleModels.SonnetHasNoMantleEndpoint}.");
                continue;
            }

            var capabilities = model is null ? null : ResolveCapabilities(agent, model, settings, modelAt, diagnostics);
            if (model is not null && capabilities is not null)
            {
                result.Add(new AgentDefinition { Deployment = agent, Card = card, SubCards = subCards, Model = model, Capabilities = capabilities });
            }
        }

        return result;
    }

    /// <summary>agents.yaml <c>model</c>, else the card's, else <c>default_model</c>; with where it was written.</summary>
    private static (ModelSpec? Model, YamlLocation At) ResolveModel(
        AgentDeployment agent, AgentCard card, PallasSettings settings, YamlMap map, CardReader cards, YamlLocation defaultModelAt, DiagnosticBag diagnostics)
    {
        if (agent.Model is not null || map.Has("model"))
        {
            return (agent.Model, map.At("model"));
        }

        if (card.Model is not null)
        {
            var at = cards.At(card, "model");
            if (ModelSpec.TryParse(card.Model, out var spec, out var error))
            {
                return (spec, at);
            }

            diagnostics.Error(at, error);
            return (null, at);
        }

        if (settings.DefaultModel is null)
        {
            diagnostics.Error(map.Location, $"agent '{agent.Name}' has no model: set default_model in fastagent.config.yaml, or model: on this agent or in its card.\n{ModelSpec.ValidForms}");
        }

        return (settings.DefaultModel, defaultModelAt);
    }

    private static ModelCapabilities? ResolveCapabilities(AgentDeployment agent, ModelSpec model, PallasSettings settings, YamlLocation modelAt, DiagnosticBag diagnostics)
    {
        var known = ModelDatabase.Find(model)?.Capabilities;
        var own = agent.ModelCapabilities;
        var top = settings.ModelCapabilities;
        var vision = own?.Vision ?? top?.Vision ?? known?.Vision;
        var context = own?.ContextWindow ?? top?.ContextWindow ?? known?.ContextWindow;
        var output = own?.MaxOutputTokens ?? top?.MaxOutputTokens ?? known?.MaxOutputTokens;
        if (vision is { } v && context is { } c && output is { } o)
        {
            return new ModelCapabilities(v, c, o);
        }

        var where = modelAt.Key == "default_model"
            ? "at the top level of fastagent.config.yaml"
            : $"under agents.{agent.Name} in agents.yaml";
        if (own is null && top is null && ModelDatabase.Suggest(model) is { } suggestion)
        {
            diagnostics.Error(modelAt, NotInDatabase(model, suggestion));
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

    private static string NotInDatabase(ModelSpec model, string suggestion) =>
        $"model '{model}' is not in the built-in database (see `pallas models`); did you mean '{suggestion}'?";

    private static void CheckSubAgentReferences(CardReader cards, AgentCard card, Dictionary<string, AgentCard> subCards, DiagnosticBag diagnostics)
    {
        var references = new (string Key, IEnumerable<string> Names)[]
        {
            ("agents", card.Agents),
            ("sequence", card.Workflow.Sequence),
            ("fan_out", card.Workflow.FanOut),
            ("fan_in", card.Workflow.FanIn is { } fanIn ? [fanIn] : []),
            ("generator", card.Workflow.Generator is { } generator ? [generator] : []),
            ("evaluator", card.Workflow.Evaluator is { } evaluator ? [evaluator] : []),
        };
        foreach (var (key, names) in references)
        {
            foreach (var name in names.Where(n => !subCards.ContainsKey(n) || n == card.Name))
            {
                diagnostics.Error(cards.At(card, key), $"'{name}' is not another card in this module's folder; put {name}.md next to this card (a folder module holds an agent and its sub-agents).");
            }
        }
    }

    private static YamlMap LoadConfig(string root, Func<string, string?> environment, DiagnosticBag diagnostics)
    {
        var sources = new YamlSources(environment);
        var configPath = FindOne(root, ConfigNames, "configuration", diagnostics);
        var secretsPath = FindOne(root, SecretsNames, "secrets", diagnostics);
        var config = configPath is null ? null : ParseNode(root, configPath, sources, diagnostics);
        var secrets = secretsPath is null ? null : ParseNode(root, secretsPath, sources, diagnostics);
        var merged = (config, secrets) switch
        {
            (not null, not null) => SecretsMerge.Merge(config, secrets),
            _ => config ?? secrets ?? new YamlMappingNode(),
        };
        var file = Display(root, configPath ?? secretsPath ?? Path.Combine(root, ConfigNames[0]));
        return new YamlMap(merged, new YamlLocation(file, 0, ""), sources, diagnostics);
    }

    private static string? FindOne(string root, string[] names, string what, DiagnosticBag diagnostics)
    {
        var present = names.Where(n => File.Exists(Path.Combine(root, n))).ToList();
        if (present.Count > 1)
        {
            diagnostics.Error(present[1], 0, "", $"{string.Join(" and ", present)} are both {what} files for this project; keep one of them.");
        }

        return present.Count > 0 ? Path.Combine(root, present[0]) : null;
    }

    private static YamlMap? ParseFile(string root, string path, YamlSources sources, DiagnosticBag diagnostics) =>
        // The mapping's own line: a required top-level key that is missing is reported there, not as line 0.
        ParseNode(root, path, sources, diagnostics) is { } node ? new YamlMap(node, new YamlLocation(Display(root, path), YamlText.Line(node), ""), sources, diagnostics) : null;

    private static YamlMappingNode? ParseNode(string root, string path, YamlSources sources, DiagnosticBag diagnostics)
    {
        var display = Display(root, path);
        var node = YamlText.Parse(File.ReadAllText(path), display, 0, diagnostics);
        if (node is not null)
        {
            sources.Register(node, display);
        }

        return node;
    }

    private static string ResolveAgentsFile(string root, Func<string, string?> environment) =>
        environment(AgentsFileVariable) is { Length: > 0 } custom ? Path.GetFullPath(custom, root) : Path.Combine(root, AgentsFile);

    private static string Display(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
