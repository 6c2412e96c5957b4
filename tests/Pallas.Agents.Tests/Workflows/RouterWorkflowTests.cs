using Microsoft.Extensions.AI;
using Pallas.Agents.Messaging;
using Pallas.Agents.Tests.Fakes;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Tests.Workflows;

public sealed class RouterWorkflowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The router runs on "silent" (the scripted fake); its members name their own offline models.
    private static AgentDefinition Router(params string[] agents) =>
        TestProject.WithMembers(TestProject.Agent(model: "silent", card: new AgentCard { Name = "router", SourcePath = "agents/team/router.md", Type = AgentType.Router, Agents = agents, Instruction = "Route for {{agentName}}." }),
            new AgentCard { Name = "echoer", SourcePath = "agents/team/echoer.md", Model = "passthrough", Description = "Repeats things." },
            new AgentCard { Name = "player", SourcePath = "agents/team/player.md", Model = "playback", Description = "Replays scripts." });

    [Fact]
    public async Task Router_ModelPicksAnAgent_ThatAgentAnswers()
    {
        await using var project = new TestProject();
        var model = new ScriptedChatClient("""Sure. ```json {"agent": "player", "confidence": "high", "reasoning": "scripts"} ```""");
        var runtime = await project.StartAsync(Router("echoer", "player"), model);
        var observer = new RecordingObserver();

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "replay please" }, observer, Ct);

        Assert.Equal(new SendMessageResult("HISTORY LOADED (1) messages", SendMessageOutcome.Ok), result);
        Assert.Contains("Routing to player", observer.Progress);
        var (messages, options) = Assert.Single(model.Calls);
        Assert.Equal(ChatResponseFormat.Json, options!.ResponseFormat);
        Assert.StartsWith("Route for jarvis.", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("- echoer: Repeats things.", messages[0].Text, StringComparison.Ordinal);
        Assert.Equal("replay please", messages[^1].Text);
    }

    [Fact]
    public async Task Router_ModelNamesNoKnownAgent_ReturnsAnError()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(Router("echoer", "player"), new ScriptedChatClient("""{"agent": "nobody"}"""));

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "hi" }, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Error, result.Outcome);
        Assert.Contains("'nobody'", result.Text, StringComparison.Ordinal);
        Assert.Contains("echoer, player", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Router_SingleAgent_RoutesWithoutAskingTheModel()
    {
        await using var project = new TestProject();
        var model = new ScriptedChatClient("never asked");
        var runtime = await project.StartAsync(Router("echoer"), model);

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "direct" }, new RecordingObserver(), Ct);

        Assert.Equal("direct", result.Text);
        Assert.Empty(model.Calls);
    }
}
