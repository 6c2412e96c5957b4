namespace Pallas.Configuration.Models;

/// <summary>How much a model may think before answering (<c>bedrock.reasoning</c>, <c>?reasoning=</c>).</summary>
public enum ReasoningLevel
{
    /// <summary>No extended thinking.</summary>
    Minimal,

    /// <summary>A small thinking budget.</summary>
    Low,

    /// <summary>A medium thinking budget.</summary>
    Medium,

    /// <summary>A large thinking budget.</summary>
    High,
}
