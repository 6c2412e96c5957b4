using Pallas.Agents.Messaging;
using Pallas.Agents.Tests.Fakes;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Tests.Workflows;

/// <remarks>
/// Both members are passthrough models: the generator echoes its prompt, and the evaluator echoes the evaluation
/// prompt, whose first JSON object is the request itself, so the request decides the rating.
/// </remarks>
public sealed class EvaluatorOptimizerWorkflowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentDefinition Workflow(int maxRefinements, Rating minRating = Rating.Good) =>
        TestProject.WithMembers(TestProject.Agent(card: new AgentCard
        {
            Name = "refine",
            SourcePath = "agents/team/refine.md",
            Type = AgentType.EvaluatorOptimizer,
            Workflow = new WorkflowSpec { Generator = "writer", Evaluator = "critic", MinRating = minRating, MaxRefinements = maxRefinements },
        }),
            new AgentCard { Name = "writer", SourcePath = "agents/team/writer.md" },
            new AgentCard { Name = "critic", SourcePath = "agents/team/critic.md" });

    [Fact]
    public async Task Run_GoodEnoughFirstAnswer_IsReturnedWithoutRefining()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(Workflow(maxRefinements: 3));
        var observer = new RecordingObserver();

        var result = await runtime.SendAsync(new SendMessageRequest { Message = """{"rating":"EXCELLENT","feedback":"none"}""" }, observer, Ct);

        Assert.Equal(new SendMessageResult("""{"rating":"EXCELLENT","feedback":"none"}""", SendMessageOutcome.Ok), result);
        Assert.Single(observer.Progress, p => p.StartsWith("Generating", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_PoorAnswers_RefineUntilMaxRefinementsAndKeepTheBest()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(Workflow(maxRefinements: 2));
        var observer = new RecordingObserver();

        var result = await runtime.SendAsync(new SendMessageRequest { Message = """{"rating":"POOR","feedback":"more detail"}""" }, observer, Ct);

        Assert.Equal(["Generating (round 1)", "Generating (round 2)", "Generating (round 3)"], observer.Progress.Where(p => p.StartsWith("Generating", StringComparison.Ordinal)));
        Assert.Equal("""{"rating":"POOR","feedback":"more detail"}""", result.Text);
        Assert.Equal(SendMessageOutcome.Ok, result.Outcome);
    }
}
