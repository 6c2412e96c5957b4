namespace Pallas.Configuration.Cards;

/// <summary>How an orchestrator plans: <c>plan_type</c> of an orchestrator card.</summary>
public enum PlanType
{
    /// <summary><c>full</c>: every step planned at once (the default).</summary>
    Full,

    /// <summary><c>iterative</c>: one step at a time, each planned from the results so far.</summary>
    Iterative,
}
