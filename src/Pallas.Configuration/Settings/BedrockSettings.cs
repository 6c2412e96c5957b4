using Pallas.Configuration.Models;

namespace Pallas.Configuration.Settings;

/// <summary>The <c>bedrock</c> section: the Converse API with the AWS credential chain.</summary>
public sealed record BedrockSettings
{
    /// <summary><c>bedrock.region</c>; when unset, <c>AWS_REGION</c> then <c>AWS_DEFAULT_REGION</c>.</summary>
    public string? Region { get; init; }

    /// <summary><c>bedrock.profile</c>; when unset, <c>AWS_PROFILE</c>, else <c>default</c>.</summary>
    public string? Profile { get; init; }

    /// <summary><c>bedrock.reasoning</c>: the thinking level for models that support it.</summary>
    public ReasoningLevel? Reasoning { get; init; }

    /// <summary><c>bedrock.base_url</c>: an endpoint override (VPC endpoints, emulators).</summary>
    public Uri? BaseUrl { get; init; }
}
