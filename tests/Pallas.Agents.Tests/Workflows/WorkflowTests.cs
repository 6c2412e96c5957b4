using Pallas.Agents.Messaging;
using Pallas.Agents.Tests.Fakes;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Tests.Workflows;

public sealed class WorkflowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentCard Member(string name, params string[] servers) => new() { Name = name, SourcePath = $"agents/team/{name}.md", Servers = servers };

    private static AgentDefinition Workflow(AgentType type, WorkflowSpec spec, params AgentCard[] members) =>
        TestProject.WithMembers(TestProject.Agent(card: new AgentCard { Name = "team", SourcePath = "agents/team/team.md", Type = type, Workflow = spec }), members);

    [Fact]
    public async Task Chain_EachStepsOutput_IsTheNextStepsInput()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var project = new TestProject();
        project.AddHttpServer("everything", server.Url);
        var runtime = await project.StartAsync(Workflow(AgentType.Chain, new WorkflowSpec { Sequence = ["first", "second"] }, Member("first", "everything"), Member("second", "everything")));
        var observer = new RecordingObserver();

        // The first step's tool returns a command that makes the second step call the tool again.
        var result = await runtime.SendAsync(
            new SendMessageRequest { Message = """***CALL_TOOL everything__echo {"text":"***CALL_TOOL everything__echo {\"text\":\"end of chain\"}"}""" }, observer, Ct);

        Assert.Equal(new SendMessageResult("end of chain", SendMessageOutcome.Ok), result);
        Assert.Equal(2, server.ToolCallAuthorizations.Count);
        Assert.Contains("Chain step 1/2: first", observer.Progress);
        Assert.Contains("Chain step 2/2: second", observer.Progress);
    }

    [Fact]
    public async Task Chain_Cumulative_PassesTheWholeTranscript()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(Workflow(AgentType.Chain, new WorkflowSpec { Sequence = ["first", "second"], Cumulative = true }, Member("first"), Member("second")));

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "hello" }, new RecordingObserver(), Ct);

        var request = "<fastagent:request>\nhello\n</fastagent:request>";
        Assert.Equal($"{request}\n<fastagent:response agent=\"first\">\n{request}\n</fastagent:response>", result.Text);
    }

    [Fact]
    public async Task Chain_StepFails_ReturnsWhichStepFailed()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(Workflow(AgentType.Chain, new WorkflowSpec { Sequence = ["first"] }, Member("first")));
        var request = new SendMessageRequest { Message = "look", Images = [new ImageInput("aGVsbG8=", "image/png")] };

        var result = await runtime.SendAsync(request, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Error, result.Outcome);
        Assert.StartsWith("Chain step 'first' failed: The model 'passthrough' does not accept images", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chain_PastTurnTimeout_TimesOutAsAWhole()
    {
        await using var project = new TestProject();
        var slow = Member("slow") with { Model = "slow" };
        var agent = Workflow(AgentType.Chain, new WorkflowSpec { Sequence = ["slow"] }, slow);
        agent = agent with { Deployment = agent.Deployment with { TurnTimeout = TimeSpan.FromMilliseconds(100) } };
        var runtime = await project.StartAsync(agent);

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "hi" }, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Timeout, result.Outcome);
        Assert.Contains("turn_timeout", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_FanIn_ReceivesTheRequestAndEveryResponse()
    {
        await using var project = new TestProject();
        var spec = new WorkflowSpec { FanOut = ["a", "b"], FanIn = "judge" };
        var runtime = await project.StartAsync(Workflow(AgentType.Parallel, spec, Member("a"), Member("b"), Member("judge")));
        var observer = new RecordingObserver();

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "hello" }, observer, Ct);

        Assert.Equal(
            "<fastagent:request>\nhello\n</fastagent:request>\n\n<fastagent:response agent=\"a\">\nhello\n</fastagent:response>\n\n<fastagent:response agent=\"b\">\nhello\n</fastagent:response>",
            result.Text);
        Assert.Contains("Fan-out to a, b", observer.Progress);
        Assert.Contains("Fan-in: judge", observer.Progress);
    }

    [Fact]
    public async Task Parallel_WithoutFanInOrRequest_ReturnsTheResponsesOnly()
    {
        await using var project = new TestProject();
        var spec = new WorkflowSpec { FanOut = ["a", "b"], IncludeRequest = false };
        var runtime = await project.StartAsync(Workflow(AgentType.Parallel, spec, Member("a"), Member("b") with { Model = "silent" }));

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "hi" }, new RecordingObserver(), Ct);

        Assert.Equal("<fastagent:response agent=\"a\">\nhi\n</fastagent:response>\n\n<fastagent:response agent=\"b\">\nhi\n</fastagent:response>", result.Text);
    }
}
