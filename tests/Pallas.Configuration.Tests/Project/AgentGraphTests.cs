using Pallas.Configuration.Cards;
using Pallas.Configuration.Models;

namespace Pallas.Configuration.Tests.Project;

/// <summary>The loader resolves every sub-agent and workflow member; what serving would refuse is a located error.</summary>
public sealed class AgentGraphTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static TempProject Project(string config = "default_model: passthrough\nanthropic: {api_key: sk-test}\n") =>
        new TempProject()
            .With("agents.yaml", "name: demo\nversion: \"1.0.0\"\nhost: localhost\nregistry_port: 8200\nagents:\n  research:\n    module: agents.research\n    port: 8201\n")
            .With("fastagent.config.yaml", config);

    [Fact]
    public void Members_AreDefinitionsWithTheirOwnModelOrTheirParents()
    {
        using var project = Project()
            .With("agents/research/research.md", "---\nagents: [writer, helper]\n---\nLead.")
            .With("agents/research/writer.md", "---\nmodel: anthropic.claude-opus-4-7\nagents: [helper]\n---\nWrite.")
            .With("agents/research/helper.md", "Help.");

        var agent = project.Load().GetProjectOrThrow().Agents[0];

        var writer = agent.Members["writer"];
        Assert.Equal(ModelSpec.Parse("anthropic.claude-opus-4-7"), writer.Model);
        Assert.Equal(ModelDatabase.Find(writer.Model)!.Capabilities, writer.Capabilities);
        Assert.Equal("writer", writer.Name);
        Assert.Equal(ModelSpec.Parse("passthrough"), agent.Members["helper"].Model);
        Assert.Equal(writer.Model, writer.Members["helper"].Model);
        Assert.Empty(writer.Members["helper"].Members);
    }

    [Fact]
    public void SubAgentCycle_IsAnErrorAtTheKeyThatClosesIt()
    {
        using var project = Project()
            .With("agents/research/research.md", "---\nagents: [a]\n---\nLead.")
            .With("agents/research/a.md", "---\nagents: [b]\n---\nA.")
            .With("agents/research/b.md", "---\ndescription: B\nagents: [a]\n---\nB.");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents/research/b.md", 3, "agents"), (error.File, error.Line, error.Key));
        Assert.Equal("'a' makes the sub-agents a cycle (research -> a -> b -> a); remove it from agents: or from one of the cards before it.", error.Message);
    }

    [Fact]
    public void InstructionFile_IsReadAtLoad()
    {
        using var project = Project()
            .With("agents/research.md", "---\ndescription: Finds things\n---\nRules: {{file:rules.txt}}{{file_silent:absent.txt}} on {{currentDate}}.")
            .With("agents/rules.txt", "be brief");

        var agent = project.Load().GetProjectOrThrow().Agents[0];

        Assert.Equal("Rules: be brief on 03 December 2026.", agent.Instruction.Render(agent.Name, Now, () => "", project.Directory));
    }

    [Fact]
    public void InstructionFile_Missing_IsAnErrorAtThePlaceholdersLine()
    {
        using var project = Project()
            .With("agents/research/research.md", "---\nagents: [helper]\n---\nLead.")
            .With("agents/research/helper.md", "---\ndescription: Helps\n---\nFirst line.\nThen {{file:missing.txt}} here.");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents/research/helper.md", 5), (error.File, error.Line));
        Assert.StartsWith("the instruction placeholder {{file:missing.txt}} names a file that cannot be read (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("create it, fix the path (relative to the card's folder), or write file_silent: for a file that may be absent.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MemberOnAModelWithoutCapabilities_IsAnErrorAtItsModelLine()
    {
        using var project = Project()
            .With("agents/research/research.md", "---\nagents: [helper]\n---\nLead.")
            .With("agents/research/helper.md", "---\nmodel: openai.my-own-finetune\n---\nHelp.");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents/research/helper.md", 2, "model"), (error.File, error.Line, error.Key));
        Assert.Contains("the capabilities of model 'openai.my-own-finetune' are not known", error.Message, StringComparison.Ordinal);
        Assert.Contains("Add this block at the top level of fastagent.config.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MemberOnSonnetThroughMantle_IsAnErrorAtItsModelLine()
    {
        using var project = Project("default_model: passthrough\nanthropic:\n  base_url: https://bedrock-mantle.us-east-1.api.aws/anthropic\n  api_key: sk-test\n")
            .With("agents/research/research.md", "---\nagents: [helper]\n---\nLead.")
            .With("agents/research/helper.md", "---\nmodel: anthropic.claude-sonnet-4-6\n---\nHelp.");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents/research/helper.md", 2, "model"), (error.File, error.Line, error.Key));
        Assert.StartsWith(MantleModels.SonnetHasNoMantleEndpoint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("min_rating: excellent", Rating.Excellent, PlanType.Full)]
    [InlineData("plan_type: Iterative", Rating.Good, PlanType.Iterative)]
    public void WorkflowEnums_AreParsedInAnyCase(string line, Rating rating, PlanType planType)
    {
        using var project = Project().With("agents/research.md", $"---\n{line}\n---\nLead.");

        var workflow = project.Load().GetProjectOrThrow().Agents[0].Card.Workflow;

        Assert.Equal((rating, planType), (workflow.MinRating, workflow.PlanType));
    }
}
