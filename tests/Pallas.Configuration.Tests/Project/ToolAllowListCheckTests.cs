using Pallas.Configuration.Diagnostics;
using Pallas.Configuration.Project;

namespace Pallas.Configuration.Tests.Project;

/// <summary><c>check --online</c>'s allow-list check: every <c>tools:</c> pattern must match a tool its server really has.</summary>
public sealed class ToolAllowListCheckTests
{
    private static readonly IReadOnlyList<string> FsTools = ["read_file", "write_file", "list_directory"];

    // Two agents serve the same folder module, and helper is a member of both research and writer: each card is
    // reached several times but must be checked once.
    private static TempProject Project(string researchTools, string helperTools = "fs: [\"writ_*\"]") =>
        new TempProject()
            .With("agents.yaml", """
                name: demo
                version: "1.0.0"
                host: localhost
                registry_port: 8200
                agents:
                  research: {module: agents.research, port: 8201}
                  again: {module: agents.research, port: 8202}
                """)
            .With("fastagent.config.yaml", """
                default_model: passthrough
                mcp:
                  servers:
                    fs: {url: "http://127.0.0.1:9/mcp"}
                    web: {url: "http://127.0.0.1:9/mcp"}
                """)
            .With("agents/research/research.md", $"---\nservers: [fs, web]\nagents: [helper, writer]\ntools:\n  {researchTools}\n  web: [fetch]\n---\nLead.")
            .With("agents/research/writer.md", "---\nagents: [helper]\n---\nWrite.")
            .With("agents/research/helper.md", $"---\ndescription: Helps\nservers: [fs]\ntools:\n  {helperTools}\n---\nHelp.");

    private static IReadOnlyList<ConfigDiagnostic> Check(TempProject project, IReadOnlyList<string> fsTools) =>
        ToolAllowListCheck.Check(project.Load().GetProjectOrThrow(), new Dictionary<string, IReadOnlyList<string>> { ["fs"] = fsTools });

    [Fact]
    public void PatternMatchingNoTool_IsAnErrorAtTheCardsToolsLine_WithTheToolsAndTheClosest()
    {
        using var project = Project("fs: [read_fiel, \"list_*\", read_file]");

        var diagnostics = Check(project, FsTools);

        // web was not reached, so its 'fetch' is not checked; list_* and read_file match.
        Assert.Equal(
        [
            new ConfigDiagnostic(ConfigSeverity.Error, "agents/research/research.md", 4, "tools",
                "'fs' has no tool matching 'read_fiel'; its tools are read_file, write_file, list_directory (did you mean 'read_file'?)"),
            new ConfigDiagnostic(ConfigSeverity.Error, "agents/research/helper.md", 4, "tools",
                "'fs' has no tool matching 'writ_*'; its tools are read_file, write_file, list_directory (did you mean 'write_*'?)"),
        ], diagnostics);
        Assert.Equal(
            "agents/research/research.md:4: error: tools: 'fs' has no tool matching 'read_fiel'; its tools are read_file, write_file, list_directory (did you mean 'read_file'?)",
            diagnostics[0].ToString());
    }

    [Fact]
    public void EveryPatternMatching_IsNoProblem()
    {
        using var project = Project("fs: [read_file, \"list_*\"]", helperTools: "fs: [\"*\"]");

        Assert.Empty(Check(project, FsTools));
    }

    [Fact]
    public void ManyTools_AreListedUpToTen_AndNothingClose_EndsTheSentence()
    {
        using var project = Project("fs: [zzz]", helperTools: "fs: [\"tool_*\"]");
        var tools = Enumerable.Range(1, 13).Select(i => $"tool_{i}").ToList();

        var diagnostic = Assert.Single(Check(project, tools));

        Assert.Equal(
            "'fs' has no tool matching 'zzz'; its tools are tool_1, tool_2, tool_3, tool_4, tool_5, tool_6, tool_7, tool_8, tool_9, tool_10, … and 3 more.",
            diagnostic.Message);
    }

    [Fact]
    public void ServerWithoutTools_SaysSo()
    {
        using var project = Project("fs: [read_file]", helperTools: "fs: [read_file]");

        var diagnostics = Check(project, []);

        Assert.Equal(
            ["'fs' has no tool matching 'read_file'; it has no tools.", "'fs' has no tool matching 'read_file'; it has no tools."],
            diagnostics.Select(d => d.Message));
        Assert.Equal(["agents/research/research.md", "agents/research/helper.md"], diagnostics.Select(d => d.File));
    }

    [Fact]
    public void AllCards_ListsEachCardOnce()
    {
        using var project = Project("fs: [read_file]");

        var cards = project.Load().GetProjectOrThrow().AllCards();

        Assert.Equal(["research", "helper", "writer"], cards.Select(card => card.Name));
    }
}
