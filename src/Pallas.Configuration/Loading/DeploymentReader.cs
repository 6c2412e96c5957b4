using System.Globalization;
using System.Text.RegularExpressions;
using Pallas.Configuration.Auth;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Limits;

namespace Pallas.Configuration.Loading;

/// <summary>Reads and validates <c>agents.yaml</c>: keys, types, ports, dependencies.</summary>
internal sealed partial class DeploymentReader(DiagnosticBag diagnostics, SettingsReader settings, Func<string, string?> environment)
{
    private static readonly string[] TopLevel = ["name", "version", "host", "namespace", "registry_port", "bind", "agents", "tasks", "auth", "limits"];

    private static readonly string[] AgentKeys =
    [
        "module", "port", "title", "description", "depends_on", "model", "model_capabilities", "max_iterations",
        "streaming_timeout", "turn_timeout", "loop_repeat_threshold", "auth", "limits",
    ];

    /// <summary>Each agent's mapping in agents.yaml, for locating later problems (module, model).</summary>
    public Dictionary<string, YamlMap> AgentMaps { get; } = new(StringComparer.Ordinal);

    public DeploymentConfig? Read(YamlMap root)
    {
        root.WarnUnknownKeys(TopLevel, "agents.yaml");
        var name = root.String("name", required: true);
        var version = root.String("version", required: true);
        var host = root.String("host", required: true);
        var registryPort = root.Int("registry_port", 1, 65535, required: true);
        var bind = root.String("bind") ?? "127.0.0.1";
        var ns = root.String("namespace");

        if (version is not null && !SemVer().IsMatch(version))
        {
            diagnostics.Error(root.At("version"), $"'{version}' is not an exact semantic version; write it as MAJOR.MINOR.PATCH in quotes, e.g. version: \"1.0.0\".");
        }

        if (ns is not null && !ReverseDns().IsMatch(ns))
        {
            diagnostics.Error(root.At("namespace"), $"'{ns}' is not a reverse-DNS name; use letters, digits, '.' and '-', e.g. com.example.my-project.");
        }

        if (!NetworkAddress.TryParseBind(bind, out _))
        {
            diagnostics.Error(root.At("bind"), $"'{bind}' is not an IP address; {NetworkAddress.BindForms}.");
        }
        else if (host is not null && NetworkAddress.IsLoopback(bind) && !NetworkAddress.IsLoopback(host))
        {
            // The registry publishes http://<host>:<port>/mcp; a loopback bind refuses every other machine that follows it.
            diagnostics.Warning(root.At("host"),
                $"'{host}' is published in the agents' URLs, but bind {bind} accepts connections from this machine only; set bind: 0.0.0.0 (or this machine's address) so other machines can reach it, or host: localhost.");
        }

        if (name is not null && !Slug().IsMatch(name))
        {
            diagnostics.Error(root.At("name"), $"'{name}' must be letters, digits, '.', '_' or '-' (it becomes part of registry names).");
        }

        var tasks = TaskSettingsReader.Read(root.Map("tasks"), environment, diagnostics);
        var auth = new AuthSettingsReader(environment, diagnostics);
        var topAuth = auth.ReadTopLevel(root.Map("auth"), out var protectRegistry);
        var topLimits = LimitSettingsReader.Read(root.Map("limits"), LimitSettings.None, "limits");
        var defaults = new AgentDefaults(host ?? "localhost", auth, topAuth, topLimits);
        var agentsMap = root.Map("agents", required: true);
        var agents = new List<AgentDeployment>();
        var maps = AgentMaps;
        if (agentsMap is not null)
        {
            if (!agentsMap.Keys.Any())
            {
                diagnostics.Error(agentsMap.Location, "lists no agents; add one, e.g. jarvis: {module: agents.jarvis, port: 8201}.");
            }

            foreach (var agentName in agentsMap.Keys)
            {
                if (agentsMap.Map(agentName, required: true) is { } map && ReadAgent(agentName, map, defaults) is { } agent)
                {
                    agents.Add(agent);
                    maps[agentName] = map;
                }
            }
        }

        CheckPorts(registryPort, agents, maps);
        CheckDependencies(agents, maps);
        CheckOpenToOtherMachines(root, bind, agents);

        if (agentsMap is null)
        {
            return null;
        }

        // Returned even when a top-level key is missing (the error is recorded, so no project is built): the agents
        // are still resolved, and a missing registry_port does not hide a missing card or an unknown model.
        return new DeploymentConfig
        {
            Name = name ?? "",
            Version = version ?? "",
            Host = host ?? "",
            Namespace = ns ?? $"local.{name}",
            RegistryPort = registryPort ?? 0,
            Bind = bind,
            Agents = agents,
            Tasks = tasks,
            Auth = topAuth.Resolve(NetworkAddress.HttpUrl(defaults.Host, registryPort ?? 0, "")),
            ProtectRegistry = protectRegistry,
        };
    }

    private AgentDeployment? ReadAgent(string name, YamlMap map, AgentDefaults defaults)
    {
        map.WarnUnknownKeys(AgentKeys, $"agents.{name}");
        if (!AgentName().IsMatch(name))
        {
            diagnostics.Error(map.Location, $"agent name '{name}' must start with a letter and use letters, digits, '_' or '-' (it names MCP prompts and registry entries).");
        }

        var module = map.String("module", required: true);
        var port = map.Int("port", 1, 65535, required: true);
        var agent = new AgentDeployment
        {
            Name = name,
            Module = module ?? "",
            Port = port ?? 0,
            Title = map.String("title") ?? TitleCase(name),
            Description = map.String("description"),
            DependsOn = map.StringList("depends_on"),
            Model = settings.ReadModel(map, "model"),
            ModelCapabilities = settings.ReadCapabilities(map.Map("model_capabilities")),
            MaxIterations = map.Int("max_iterations", 1, 10_000) ?? AgentDeployment.DefaultMaxIterations,
            StreamingTimeout = map.Seconds("streaming_timeout") ?? AgentDeployment.DefaultStreamingTimeout,
            TurnTimeout = map.Seconds("turn_timeout") ?? AgentDeployment.DefaultTurnTimeout,
            LoopRepeatThreshold = map.Int("loop_repeat_threshold", 0, 1_000) ?? AgentDeployment.DefaultLoopRepeatThreshold,
            Auth = defaults.Auth.ReadAgent(map.Map("auth"), defaults.TopLevelAuth, name).Resolve(NetworkAddress.HttpUrl(defaults.Host, port ?? 0, "/mcp")),
            Limits = LimitSettingsReader.Read(map.Map("limits"), defaults.Limits, $"agents.{name}.limits"),
        };
        // Kept even when module or port is wrong, so that dependency checks do not report it as missing.
        return agent;
    }

    private void CheckPorts(int? registryPort, List<AgentDeployment> agents, Dictionary<string, YamlMap> maps)
    {
        var owners = new Dictionary<int, string>();
        if (registryPort is { } rp)
        {
            owners[rp] = "registry_port";
        }

        foreach (var agent in agents.Where(a => a.Port > 0))
        {
            if (owners.TryGetValue(agent.Port, out var owner))
            {
                diagnostics.Error(maps[agent.Name].At("port"), $"port {agent.Port} is already used by {owner}; give each agent and the registry its own port.");
            }
            else
            {
                owners[agent.Port] = $"agent '{agent.Name}'";
            }
        }
    }

    private void CheckDependencies(List<AgentDeployment> agents, Dictionary<string, YamlMap> maps)
    {
        var names = agents.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            foreach (var dependency in agent.DependsOn.Where(d => !names.Contains(d)))
            {
                diagnostics.Error(maps[agent.Name].At("depends_on"),
                    $"depends on '{dependency}', which is not an agent in agents.yaml; known agents: {string.Join(", ", names.Order(StringComparer.Ordinal))}.");
            }

            if (agent.DependsOn.Contains(agent.Name))
            {
                diagnostics.Error(maps[agent.Name].At("depends_on"), "an agent cannot depend on itself.");
            }
        }

        if (DependencyOrder.FindCycle(agents) is { Count: > 1 } cycle)
        {
            var first = cycle[0];
            diagnostics.Error(maps[first].At("depends_on"),
                $"dependency cycle: {string.Join(" -> ", cycle)}; remove one of these depends_on entries.");
        }
    }

    // Anyone who can reach such a port runs the agent's tool loop on the owner's model bill.
    private void CheckOpenToOtherMachines(YamlMap root, string bind, List<AgentDeployment> agents)
    {
        var open = agents.Where(a => a.Auth.Mode == AuthMode.None).Select(a => a.Name).ToList();
        if (open.Count > 0 && NetworkAddress.TryParseBind(bind, out _) && !NetworkAddress.IsLoopback(bind))
        {
            diagnostics.Warning(root.At("bind"),
                $"{bind} accepts calls from other machines, and {string.Join(", ", open)} {(open.Count == 1 ? "has" : "have")} auth mode none: anyone who reaches the port can run the agent on your model bill; set auth: {{mode: api_key, api_keys: [\"${{PALLAS_API_KEY}}\"]}} (or mode: oauth), or bind: 127.0.0.1.");
        }
    }

    private static string TitleCase(string name) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.Replace('_', ' ').Replace('-', ' '));

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]$")]
    private static partial Regex ReverseDns();

    [GeneratedRegex(@"^[a-zA-Z0-9._-]+$")]
    private static partial Regex Slug();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9_-]*$")]
    private static partial Regex AgentName();

    /// <summary>What every agent inherits from the top level of agents.yaml.</summary>
    private sealed record AgentDefaults(string Host, AuthSettingsReader Auth, WrittenAuth TopLevelAuth, LimitSettings Limits);
}
