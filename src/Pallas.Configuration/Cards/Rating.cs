namespace Pallas.Configuration.Cards;

/// <summary>An evaluator's rating of an answer, worst first: <c>min_rating</c> of an evaluator_optimizer card.</summary>
public enum Rating
{
    /// <summary>POOR.</summary>
    Poor,

    /// <summary>FAIR.</summary>
    Fair,

    /// <summary>GOOD (the default <c>min_rating</c>).</summary>
    Good,

    /// <summary>EXCELLENT.</summary>
    Excellent,
}
