using Pallas.Configuration.Cards;

namespace Pallas.Configuration.Tests.Cards;

public sealed class InstructionTemplateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_KnownPlaceholders_AreReplaced()
    {
        var template = InstructionTemplate.Create("{{agentName}} on {{currentDate}}:\n{{serverInstructions}}", Path.GetTempPath());

        var text = template.Render("jarvis", Now, () => "<mcp-server name=\"a\"/>", "/work");

        Assert.Equal("jarvis on 25 November 2026:\n<mcp-server name=\"a\"/>", text);
    }

    [Fact]
    public void Render_EscapedAndUnknownPlaceholders_StayLiteral()
    {
        var template = InstructionTemplate.Create("\\{{agentName}} {{unknownThing}}", Path.GetTempPath());

        Assert.Equal("{{agentName}} {{unknownThing}}", template.Render("jarvis", Now, () => "", "/work"));
    }

    [Fact]
    public void Create_FilePlaceholders_ReadRelativeToTheCardFolder()
    {
        var folder = Directory.CreateTempSubdirectory("pallas-instructions-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "rules.md"), "Rule 1.");
            var template = InstructionTemplate.Create("{{file:rules.md}} {{file_silent:absent.md}}!", folder.FullName);

            Assert.Equal("Rule 1. !", template.Render("jarvis", Now, () => "", "/work"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Render_Env_DescribesTheWorkspace()
    {
        var template = InstructionTemplate.Create("{{env}}", Path.GetTempPath());

        Assert.StartsWith("Environment:\n- Workspace root: /work\n", template.Render("jarvis", Now, () => "", "/work"), StringComparison.Ordinal);
    }
}
