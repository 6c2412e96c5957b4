using Pallas.Agents.Messaging;
using Pallas.Agents.Tests.Fakes;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Tests.Workflows;

public sealed class OrchestratorWorkflowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The orchestrator runs on "silent" (the scripted fake); its members are passthrough agents that echo their task.
    private static AgentDefinition Orchestrator(PlanType planType, int planIterations = 5) =>
        TestProject.WithMembers(TestProject.Agent(model: "silent", card: new AgentCard
        {
            Name = "boss",
            SourcePath = "agents/team/boss.md",
            Type = AgentType.Orchestrator,
            Agents = ["researcher", "writer"],
            Workflow = new WorkflowSpec { PlanType = planType, PlanIterations = planIterations },
        }),
            new AgentCard { Name = "researcher", SourcePath = "agents/team/researcher.md", Model = "passthrough", Description = "Finds facts." },
            new AgentCard { Name = "writer", SourcePath = "agents/team/writer.md", Model = "passthrough", Description = "Writes prose." });

    [Fact]
    public async Task Full_PlanStepsRunThenTheModelWritesTheAnswer()
    {
        await using var project = new TestProject();
        var model = new ScriptedChatClient(
            """{"steps":[{"description":"research","tasks":[{"agent":"researcher","description":"find X"},{"agent":"writer","description":"draft Y"}]},{"description":"check","tasks":[{"agent":"ghost","description":"?"}]}],"is_complete":false}""",
            "The final answer.");
        var runtime = await project.StartAsync(Orchestrator(PlanType.Full), model);
        var observer = new RecordingObserver();

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "make a report" }, observer, Ct);

        Assert.Equal(new SendMessageResult("The final answer.", SendMessageOutcome.Ok), result);
        Assert.Equal(2, model.Calls.Count);
        var synthesis = model.Calls.Last().Messages[0].Text;
        Assert.Contains("<fastagent:response agent=\"researcher\">", synthesis, StringComparison.Ordinal);
        Assert.Contains("Your task: find X", synthesis, StringComparison.Ordinal);
        Assert.Contains("Your task: draft Y", synthesis, StringComparison.Ordinal);
        Assert.Contains("Error: there is no agent named 'ghost'.", synthesis, StringComparison.Ordinal);
        Assert.Contains("Step 1: research", observer.Progress);
        Assert.Contains("Step 2: check", observer.Progress);
    }

    [Fact]
    public async Task Iterative_PlansOneStepAtATimeUntilComplete()
    {
        await using var project = new TestProject();
        var model = new ScriptedChatClient(
            """{"step":{"description":"first","tasks":[{"agent":"researcher","description":"look"}]},"is_complete":false}""",
            """{"is_complete":true}""",
            "Done.");
        var runtime = await project.StartAsync(Orchestrator(PlanType.Iterative), model);

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "go" }, new RecordingObserver(), Ct);

        Assert.Equal("Done.", result.Text);
        Assert.Equal(3, model.Calls.Count);
        Assert.Contains("Your task: look", model.Calls.ElementAt(1).Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Iterative_StopsAtPlanIterations()
    {
        await using var project = new TestProject();
        var model = new ScriptedChatClient("""{"step":{"description":"again","tasks":[{"agent":"writer","description":"more"}]},"is_complete":false}""");
        var runtime = await project.StartAsync(Orchestrator(PlanType.Iterative, planIterations: 2), model);
        var observer = new RecordingObserver();

        await runtime.SendAsync(new SendMessageRequest { Message = "go" }, observer, Ct);

        Assert.Equal(["Step 1: again", "Step 2: again"], observer.Progress.Where(p => p.StartsWith("Step", StringComparison.Ordinal)));
        Assert.Equal(3, model.Calls.Count);
    }

    [Fact]
    public async Task Run_PlanNotJson_ReturnsAnError()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(Orchestrator(PlanType.Full), new ScriptedChatClient("I would rather not."));

        var result = await runtime.SendAsync(new SendMessageRequest { Message = "go" }, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Error, result.Outcome);
        Assert.Contains("plan in JSON", result.Text, StringComparison.Ordinal);
    }
}
