namespace Pallas.Configuration.Models;

/// <summary>A <c>model_capabilities</c> block as written; fields left out fall through to the next source.</summary>
public sealed record ModelCapabilitiesOverride(bool? Vision = null, int? ContextWindow = null, int? MaxOutputTokens = null);
