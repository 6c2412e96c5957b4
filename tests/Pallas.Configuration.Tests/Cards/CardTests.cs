using Pallas.Configuration.Cards;

namespace Pallas.Configuration.Tests.Cards;

public sealed class CardTests
{
    private const string Agents = """
        name: demo
        version: "1.0.0"
        host: localhost
        registry_port: 8200
        agents:
          research:
            module: agents.research
            port: 8201
        """;

    private static TempProject Project() =>
        new TempProject().With("agents.yaml", Agents).With("fastagent.config.yaml", "default_model: passthrough\nanthropic: {api_key: sk-test}\nmcp:\n  servers:\n    fs: {command: npx}\n");

    [Fact]
    public void MarkdownCard_FrontMatterFieldsAndBodyInstruction()
    {
        using var project = Project().With("agents/research.md", """
            ---
            name: researcher
            description: Finds things
            model: anthropic.claude-opus-4-7
            servers: [fs]
            tools:
              fs: [read_file]
            request_params:
              maxTokens: 2048
              temperature: 0.2
              top_p: 0.9
            ---
            You are {{agentName}}. Today is {{currentDate}}.
            """);

        var agent = project.Load().GetProjectOrThrow().Agents[0];

        Assert.Equal("researcher", agent.Card.Name);
        Assert.Equal("Finds things", agent.Card.Description);
        Assert.Equal("You are {{agentName}}. Today is {{currentDate}}.", agent.Card.Instruction);
        Assert.Equal(["fs"], agent.Card.Servers);
        Assert.Equal(["read_file"], agent.Card.Tools["fs"]);
        Assert.Equal(2048, agent.Card.RequestParams.MaxTokens);
        Assert.Equal(0.2, agent.Card.RequestParams.Temperature);
        Assert.Equal(0.9, agent.Card.RequestParams.TopP);
        Assert.Equal("claude-opus-4-7", agent.Model.ModelId);
    }

    [Fact]
    public void YamlCard_InstructionKey()
    {
        using var project = Project().With("agents/research.yaml", "instruction: Be brief.\nuse_history: false\n");

        var card = project.Load().GetProjectOrThrow().Agents[0].Card;

        Assert.Equal("research", card.Name);
        Assert.Equal("Be brief.", card.Instruction);
        Assert.False(card.UseHistory);
    }

    [Fact]
    public void Card_BothInstructionAndBody_IsAnError()
    {
        using var project = Project().With("agents/research.md", "---\ninstruction: one\n---\ntwo\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents/research.md", 2, "instruction"), (error.File, error.Line, error.Key));
    }

    [Fact]
    public void Card_UnknownFieldIsAWarningOnItsLine()
    {
        using var project = Project().With("agents/research.md", "---\ndescription: x\nflavour: mint\n---\nhi\n");

        var result = project.Load();

        Assert.NotNull(result.Project);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("agents/research.md", 3, "flavour"), (warning.File, warning.Line, warning.Key));
    }

    [Fact]
    public void FolderModule_DefaultCardIsExposedAndOthersAreSubAgents()
    {
        using var project = Project()
            .With("agents/research/pipeline.md", "---\ntype: chain\nsequence: [search, summarise]\ndefault: true\n---\n")
            .With("agents/research/search.md", "---\nservers: [fs]\n---\nSearch.")
            .With("agents/research/summarise.yaml", "instruction: Summarise.");

        var agent = project.Load().GetProjectOrThrow().Agents[0];

        Assert.Equal("pipeline", agent.Card.Name);
        Assert.Equal(AgentType.Chain, agent.Card.Type);
        Assert.Equal(["search", "summarise"], agent.Card.Workflow.Sequence);
        Assert.Equal(["search", "summarise"], agent.Members.Keys.Order());
    }

    [Fact]
    public void FolderModule_SubCardModelTypo_IsAnErrorAtItsLine()
    {
        using var project = Project()
            .With("agents/research/pipeline.md", "---\ntype: chain\nsequence: [search, summarise]\ndefault: true\n---\n")
            .With("agents/research/search.md", "---\nmodel: anthropic.claude-opus-4.7\n---\nSearch.")
            .With("agents/research/summarise.md", "---\ndescription: Sums up\nmodel: claude-sonnet\n---\nSummarise.");

        var errors = project.Load().Errors.ToList();

        Assert.Contains(errors, e => e is { File: "agents/research/search.md", Line: 2, Key: "model" } && e.Message.EndsWith("did you mean 'anthropic.claude-opus-4-7'?", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { File: "agents/research/summarise.md", Line: 3, Key: "model" } && e.Message.Contains("'claude-sonnet' has no known provider", StringComparison.Ordinal));
    }

    [Fact]
    public void FolderModule_WithoutDefault_ExposesTheCardNamedLikeTheFolder()
    {
        using var project = Project()
            .With("agents/research/research.md", "---\nagents: [helper]\n---\nLead.")
            .With("agents/research/helper.md", "Help.");

        var agent = project.Load().GetProjectOrThrow().Agents[0];

        Assert.Equal("research", agent.Card.Name);
        Assert.Equal(["helper"], agent.Card.Agents);
    }

    [Theory]
    [InlineData("---\ntype: chain\n---\n", "sequence")]
    [InlineData("---\ntype: parallel\n---\n", "fan_out")]
    [InlineData("---\ntype: router\n---\n", "agents")]
    [InlineData("---\ntype: evaluator_optimizer\nevaluator: x\n---\n", "generator")]
    [InlineData("---\ntype: dance\n---\n", "type")]
    [InlineData("---\nmin_rating: SUPERB\n---\n", "min_rating")]
    public void Card_InvalidWorkflow_IsAnErrorNamingTheField(string card, string key)
    {
        using var project = Project().With("agents/research.md", card);

        Assert.Contains(project.Load().Errors, e => e.Key == key);
    }

    [Fact]
    public void Card_ReferenceToMissingSubAgent_IsAnError()
    {
        using var project = Project().With("agents/research.md", "---\ntype: chain\nsequence: [ghost]\n---\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("sequence", 3), (error.Key, error.Line));
        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }
}
