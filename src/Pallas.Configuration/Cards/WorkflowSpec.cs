namespace Pallas.Configuration.Cards;

/// <summary>The workflow fields of an AgentCard; each applies only to its card type.</summary>
public sealed record WorkflowSpec
{
    /// <summary>chain: the agents to run in order.</summary>
    public IReadOnlyList<string> Sequence { get; init; } = [];

    /// <summary>chain: pass the whole transcript to each step instead of the previous output.</summary>
    public bool Cumulative { get; init; }

    /// <summary>parallel: the agents that all receive the request.</summary>
    public IReadOnlyList<string> FanOut { get; init; } = [];

    /// <summary>parallel: the agent that combines their answers.</summary>
    public string? FanIn { get; init; }

    /// <summary>parallel: include the original request in the fan-in message.</summary>
    public bool IncludeRequest { get; init; } = true;

    /// <summary>evaluator_optimizer: the agent that writes answers.</summary>
    public string? Generator { get; init; }

    /// <summary>evaluator_optimizer: the agent that rates them.</summary>
    public string? Evaluator { get; init; }

    /// <summary>evaluator_optimizer: the rating an answer must reach.</summary>
    public Rating MinRating { get; init; } = Rating.Good;

    /// <summary>evaluator_optimizer: most refinement rounds.</summary>
    public int MaxRefinements { get; init; } = 3;

    /// <summary>orchestrator: how it plans.</summary>
    public PlanType PlanType { get; init; } = PlanType.Full;

    /// <summary>orchestrator: most planning rounds.</summary>
    public int PlanIterations { get; init; } = 5;
}
