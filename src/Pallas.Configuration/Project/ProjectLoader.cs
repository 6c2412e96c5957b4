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
        var deploymentReader = new DeploymentReader(diagnostics, settingsReader, environment);
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
        var resolver = new AgentResolver(root, settings, settingsReader.DefaultModelAt, diagnostics);
        var agents = deployment is null || diagnostics.HasSyntaxError ? [] : resolver.Resolve(deployment, deploymentReader.AgentMaps);
        ProviderKeyCheck.Check(settings, settingsReader.KeyedSections, resolver.Uses, diagnostics);
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
