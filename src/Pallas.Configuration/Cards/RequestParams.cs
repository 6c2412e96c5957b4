namespace Pallas.Configuration.Cards;

/// <summary>The <c>request_params</c> of an AgentCard.</summary>
public sealed record RequestParams
{
    /// <summary><c>max_tokens</c> / <c>maxTokens</c>; bounded by the model's <c>max_output_tokens</c>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Sampling temperature.</summary>
    public double? Temperature { get; init; }

    /// <summary>Nucleus sampling.</summary>
    public double? TopP { get; init; }

    /// <summary>Top-k sampling.</summary>
    public int? TopK { get; init; }

    /// <summary>Per-card iteration limit; the lower of this and the deployment's <c>max_iterations</c> applies.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>Whether the model may call several tools in one turn.</summary>
    public bool? ParallelToolCalls { get; init; }

    /// <summary>Sequences that end generation.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];
}
