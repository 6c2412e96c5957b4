namespace Pallas.Configuration.Cards;

/// <summary>Naming of <see cref="AgentType"/> as written in cards.</summary>
public static class AgentTypeExtensions
{
    /// <summary>The card's <c>type:</c> value, e.g. <c>evaluator_optimizer</c>.</summary>
    public static string ToConfigName(this AgentType type) => type switch
    {
        AgentType.EvaluatorOptimizer => "evaluator_optimizer",
        _ => type.ToString().ToLowerInvariant(),
    };
}
