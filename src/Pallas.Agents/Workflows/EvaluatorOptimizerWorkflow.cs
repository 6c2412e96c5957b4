using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Workflows;

/// <summary>
/// fast-agent's <c>evaluator_optimizer</c>: the generator answers, the evaluator rates the answer
/// (<c>{"rating": POOR|FAIR|GOOD|EXCELLENT, "feedback", ...}</c>), and the generator refines with the feedback
/// until the rating reaches <c>min_rating</c> or <c>max_refinements</c> run out; the best-rated answer is returned.
/// </summary>
internal sealed class EvaluatorOptimizerWorkflow(WorkflowMember generator, WorkflowMember evaluator, Rating minRating, int maxRefinements) : IWorkflow
{
    public static EvaluatorOptimizerWorkflow Create(AgentDefinition agent, Func<string, AgentRuntime> member)
    {
        // The loader refuses an evaluator_optimizer card without both, so a definition always has them.
        var spec = agent.Card.Workflow;
        var (generator, evaluator) = (spec.Generator!, spec.Evaluator!);
        return new EvaluatorOptimizerWorkflow(
            new WorkflowMember(generator, member(generator)),
            new WorkflowMember(evaluator, member(evaluator)),
            spec.MinRating,
            Math.Max(0, spec.MaxRefinements));
    }

    public async Task<SendMessageResult> RunAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        (SendMessageResult Result, Rating Rating)? best = null;
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

    private static (Rating Rating, string Feedback)? Verdict(string text)
    {
        var answer = JsonAnswer.Find(text, element => RatingExtensions.TryParse(JsonAnswer.String(element, "rating"), out _));
        return answer is { } element && RatingExtensions.TryParse(JsonAnswer.String(element, "rating"), out var rating)
            ? (rating, JsonAnswer.String(element, "feedback") ?? "")
            : null;
    }

    private string EvaluationPrompt(string request, string response) => $"""
        Evaluate the response to the request below.
        {WorkflowMember.Request(request)}
        {WorkflowMember.Response(generator.Name, response)}
        Answer only with JSON: {"{"}"rating": {string.Join(" | ", RatingExtensions.Names.Select(name => $"\"{name}\""))}, "feedback": "<what to improve>", "needs_improvement": true | false, "focus_areas": ["..."]{"}"}
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
