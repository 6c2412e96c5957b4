using Pallas.Agents.Messaging;
using Pallas.Agents.Tests.Fakes;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Tests.Runtime;

public sealed class SubAgentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentDefinition Parent(IReadOnlyList<string> agents, params AgentCard[] subCards) =>
        TestProject.WithMembers(TestProject.Agent(card: new AgentCard { Name = "jarvis", SourcePath = "agents/team/jarvis.md", Agents = agents }), subCards);

    [Fact]
    public async Task SendAsync_SubAgentTool_RunsTheChildWithItsOwnServers()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("everything", server.Url, forwardInboundAuth: true);
        var helper = new AgentCard { Name = "helper", SourcePath = "agents/team/helper.md", Description = "Echoes things.", Servers = ["everything"] };
        var runtime = await project.StartAsync(Parent(["helper"], helper));
        var observer = new RecordingObserver();
        var request = new SendMessageRequest
        {
            Message = """***CALL_TOOL agent__helper {"message":"***CALL_TOOL everything__echo {\"text\":\"deep\"}"}""",
            InboundBearerToken = "token-carol",
        };

        var result = await runtime.SendAsync(request, observer, Ct);

        Assert.Equal(new SendMessageResult("deep", SendMessageOutcome.Ok), result);
        Assert.Equal(
            ["jarvis: LLM call 1", "Calling agent__helper", "helper: LLM call 1", "Calling everything__echo", "Finished everything__echo (ok)", "helper: LLM call 2", "Finished agent__helper (ok)", "jarvis: LLM call 2"],
            observer.Progress);
        Assert.Equal([1, 2], observer.Chunks.Select(chunk => chunk.Iteration));
        Assert.Equal(["Bearer token-carol"], server.ToolCallAuthorizations);
    }
}
