using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Pallas.Agents.Downstream;
using Pallas.Agents.Runtime;
using Pallas.Agents.Telemetry;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Configuration.Settings;

namespace Pallas.Agents.Tests.Fakes;

/// <summary>Builds the config records the loader would produce, for one agent, and runs it against real downstream servers.</summary>
internal sealed class TestProject : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "pallas-agents-tests", Guid.NewGuid().ToString("N"));

    public Dictionary<string, McpServerSettings> Servers { get; } = [];

    public PallasMetrics Metrics { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public TestProject() => System.IO.Directory.CreateDirectory(Directory);

    public void AddHttpServer(string name, Uri url, bool forwardInboundAuth = false, TimeSpan? readTimeout = null, McpTransport transport = McpTransport.Http) =>
        Servers[name] = new McpServerSettings { Name = name, Transport = transport, Url = url, ForwardInboundAuth = forwardInboundAuth, ReadTimeout = readTimeout };

    public static AgentDefinition Agent(
        string model = "passthrough",
        AgentCard? card = null,
        Func<AgentDeployment, AgentDeployment>? deployment = null,
        bool vision = false)
    {
        var spec = ModelSpec.Parse(model);
        var entry = new AgentDeployment { Name = "jarvis", Module = "agents.jarvis", Port = 9001, Title = "Jarvis" };
        card ??= new AgentCard { Name = "jarvis", SourcePath = "agents/jarvis.md" };
        return new AgentDefinition
        {
            Deployment = deployment?.Invoke(entry) ?? entry,
            Card = card,
            Model = spec,
            Capabilities = new ModelCapabilities(vision, 1_000_000, 100_000),
            Instruction = Instruction(card),
        };
    }

    /// <summary>
    /// <paramref name="parent"/> with the members the loader would resolve from the other cards of its folder: each on
    /// its card's model, else its parent's.
    /// </summary>
    public static AgentDefinition WithMembers(AgentDefinition parent, params AgentCard[] cards)
    {
        var byName = cards.ToDictionary(card => card.Name);
        AgentDefinition Member(AgentDefinition owner, AgentCard card)
        {
            var model = card.Model is { } text ? ModelSpec.Parse(text) : owner.Model;
            var member = owner with
            {
                Deployment = owner.Deployment with { Name = card.Name },
                Card = card,
                Model = model,
                Capabilities = model == owner.Model ? owner.Capabilities : ModelDatabase.Find(model)?.Capabilities ?? owner.Capabilities,
                Instruction = Instruction(card),
            };
            return WithMembersOf(member);
        }

        AgentDefinition WithMembersOf(AgentDefinition owner)
        {
            var flow = owner.Card.Workflow;
            var names = owner.Card.Agents.Concat(flow.Sequence).Concat(flow.FanOut).Concat(new[] { flow.FanIn, flow.Generator, flow.Evaluator }.OfType<string>());
            return owner with { Members = names.Distinct().Where(byName.ContainsKey).ToDictionary(name => name, name => Member(owner, byName[name])) };
        }

        return WithMembersOf(parent);
    }

    private static InstructionTemplate Instruction(AgentCard card) => InstructionTemplate.Create(card.Instruction, Path.GetDirectoryName(card.SourcePath) ?? ".");

    /// <summary>Starts the agent the way the host does (factory, pool, StartConnecting), then waits for the servers' first attempts.</summary>
    public async Task<IAgentRuntime> StartAsync(AgentDefinition agent, IChatClient? model = null, DownstreamPoolOptions? options = null, bool waitForServers = true)
    {
        var project = Project(agent);
        var loggers = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        var pool = new DownstreamServerPool(Servers, Directory, loggers, options ?? new DownstreamPoolOptions { ConnectTimeout = TimeSpan.FromSeconds(10), InitialBackoff = TimeSpan.FromMilliseconds(50) });
        var runtime = model is null
            ? AgentRuntimeFactory.Create(project, agent, pool, Metrics, loggers)
            : new AgentRuntime(project, agent, pool, Metrics, loggers, model, TimeProvider.System);
        _owned.Add(runtime);
        _owned.Add(pool);
        runtime.StartConnecting();
        if (waitForServers)
        {
            await pool.WaitForFirstAttemptsAsync(project.Settings.McpServers.Keys, TestContext.Current.CancellationToken);
        }

        return runtime;
    }

    public PallasProject Project(AgentDefinition agent) => new()
    {
        Directory = Directory,
        Deployment = new DeploymentConfig { Name = "test", Version = "1.0.0", Host = "localhost", Namespace = "local.test", RegistryPort = 9000, Agents = [agent.Deployment] },
        Settings = new PallasSettings { McpServers = Servers },
        Agents = [agent],
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
