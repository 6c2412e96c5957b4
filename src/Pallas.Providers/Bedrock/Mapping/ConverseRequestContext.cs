using Pallas.Configuration.Models;

namespace Pallas.Providers.Bedrock.Mapping;

/// <summary>What request mapping needs beyond the messages and options.</summary>
/// <param name="ModelId">The Bedrock model id (plain, cross-region or ARN).</param>
/// <param name="Capabilities">The model's resolved capabilities: the output-token ceiling (images are checked before mapping, by the capability guard).</param>
/// <param name="Reasoning">The effective reasoning level (<see cref="ModelSpec.Reasoning"/> wins over <c>bedrock.reasoning</c>).</param>
internal sealed record ConverseRequestContext(string ModelId, ModelCapabilities Capabilities, ReasoningLevel? Reasoning);
