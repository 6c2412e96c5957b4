using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Workflows;

/// <summary>
/// fast-agent's <c>evaluator_optimizer</c>: the generator answers, the evaluator rates the answer
/// (<c>{"rating": POOR|FAIR|GOOD|EXCELLENT, "feedback", ...}</c>), and the generator refines with the feedback
/// until the rating reaches <c>min_rating</c> or <c>max_refinements</c> run out; the best-rated answer is returned.
/// </summary>
internal sealed class EvaluatorOptimizerWorkflow(WorkflowMember generator, WorkflowMember evaluator, int minRating, int maxRefinements) : IWorkflow
{
    private static readonly string[] Ratings = ["POOR", "FAIR", "GOOD", "EXCELLENT"];

    public static EvaluatorOptimizerWorkflow Create(AgentDefinition agent, Func<string, AgentRuntime> member)
    {
        var spec = agent.Card.Workflow;
        if (spec.Generator is null || spec.Evaluator is null)
        {
            throw new InvalidOperationException($"Agent '{agent.Name}': evaluator_optimizer card '{agent.Card.Name}' needs both 'generator' and 'evaluator'.");
        }

        var minRating = Array.IndexOf(Ratings, spec.MinRating.ToUpperInvariant());
        if (minRating < 0)
        {
            throw new InvalidOperationException($"Agent '{agent.Name}': min_rating '{spec.MinRating}' is not one of {string.Join(", ", Ratings)}.");
        }

        return new EvaluatorOptimizerWorkflow(
            new WorkflowMember(spec.Generator, member(spec.Generator)),
            new WorkflowMember(spec.Evaluator, member(spec.Evaluator)),
            minRating,
            Math.Max(0, spec.MaxRefinements));
    }

    public async Task<SendMessageResult> RunAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        (SendMessageResult Result, int Rating)? best = null;
        var prompt = request.Message;
        for (var round = 0; round <= maxRefinements; round++)
        {
            await observer.OnProgressAsync($"Generating (round {round + 1})", cancellationToken);
            var answer = await generator.RunAsync(request, prompt, withContext: round == 0, observer, cancellationToken);
            if (answer.IsError)
            {
                return best?.Result ?? answer with { Text = $"Generator '{generator.Name}' failed: {answer.Text}" };
            }

            await observer.OnProgressAsync($"Evaluating (round {round + 1})", cancellationToken);
            var evaluation = await evaluator.RunAsync(request, EvaluationPrompt(request.Message, answer.Text), withContext: false, observer, cancellationToken);
            var verdict = evaluation.IsError ? null : Verdict(evaluation.Text);
            if (verdict is null)
            {
                // Without a usable rating there is nothing to refine against: keep what we have.
                return best?.Result ?? answer;
            }

            if (best is null || verdict.Value.Rating > best.Value.Rating)
            {
                best = (answer, verdict.Value.Rating);
            }

            if (verdict.Value.Rating >= minRating)
            {
                break;
            }

            prompt = RefinementPrompt(request.Message, answer.Text, verdict.Value.Feedback);
        }

        return best!.Value.Result;
    }

    private static (int Rating, string Feedback)? Verdict(string text)
    {
        var answer = JsonAnswer.Find(text, element => Array.IndexOf(Ratings, JsonAnswer.String(element, "rating")?.ToUpperInvariant()) >= 0);
        return answer is { } element
            ? (Array.IndexOf(Ratings, JsonAnswer.String(element, "rating")!.ToUpperInvariant()), JsonAnswer.String(element, "feedback") ?? "")
            : null;
    }

    private string EvaluationPrompt(string request, string response) => $"""
        Evaluate the response to the request below.
        {WorkflowMember.Request(request)}
        {WorkflowMember.Response(generator.Name, response)}
        Answer only with JSON: {"{"}"rating": "POOR" | "FAIR" | "GOOD" | "EXCELLENT", "feedback": "<what to improve>", "needs_improvement": true | false, "focus_areas": ["..."]{"}"}
        """;

    private string RefinementPrompt(string request, string response, string feedback) => $"""
        Improve your previous response to the request, using the feedback.
        {WorkflowMember.Request(request)}
        {WorkflowMember.Response(generator.Name, response)}
        <feedback>
        {feedback}
        </feedback>
        """;
}
