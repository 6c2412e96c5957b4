namespace Pallas.Configuration.Cards;

/// <summary>The <c>type</c> of an AgentCard.</summary>
public enum AgentType
{
    /// <summary>An LLM with tools (the default).</summary>
    Agent,

    /// <summary>Runs <c>sequence</c> in order, each output feeding the next.</summary>
    Chain,

    /// <summary>Sends the request to every <c>fan_out</c> agent, then to <c>fan_in</c>.</summary>
    Parallel,

    /// <summary>Lets an LLM pick one of <c>agents</c>.</summary>
    Router,

    /// <summary>Generator and evaluator refine an answer until it rates <c>min_rating</c>.</summary>
    EvaluatorOptimizer,

    /// <summary>Plans and delegates to <c>agents</c>.</summary>
    Orchestrator,
}
