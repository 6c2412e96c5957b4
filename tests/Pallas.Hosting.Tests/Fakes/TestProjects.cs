using Pallas.Configuration.Cards;
using Pallas.Configuration.Deployment;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Configuration.Settings;

namespace Pallas.Hosting.Tests.Fakes;

/// <summary>Builds <see cref="PallasProject"/> records directly, as the config loader would, on OS-chosen ports (0).</summary>
internal static class TestProjects
{
    public static AgentDefinition Agent(string name, string model = "passthrough", IReadOnlyList<string>? dependsOn = null, int port = 0, string? description = null)
    {
        var spec = ModelSpec.Parse(model);
        return new AgentDefinition
        {
            Deployment = new AgentDeployment
            {
                Name = name,
                Module = $"agents.{name}",
                Port = port,
                Title = char.ToUpperInvariant(name[0]) + name[1..],
                Description = description,
                DependsOn = dependsOn ?? [],
            },
            Card = new AgentCard { Name = name, SourcePath = $"/project/agents/{name}.md", Instruction = "You help." },
            Instruction = InstructionTemplate.Create("You help.", "/project/agents"),
            Model = spec,
            Capabilities = ModelDatabase.Find(spec)?.Capabilities ?? new ModelCapabilities(false, 100_000, 4_096),
        };
    }

    public static PallasProject Project(params AgentDefinition[] agents) => Project("demo", registryPort: 0, agents);

    public static PallasProject Project(string name, int registryPort, params AgentDefinition[] agents) => new()
    {
        Directory = "/project",
        Deployment = new DeploymentConfig
        {
            Name = name,
            Version = "1.2.3",
            Host = "agents.example.test",
            Namespace = $"local.{name}",
            RegistryPort = registryPort,
            Agents = [.. agents.Select(agent => agent.Deployment)],
        },
        Settings = new PallasSettings { DefaultModel = ModelSpec.Parse("passthrough") },
        Agents = agents,
    };
}
