namespace Pallas.Configuration.Models;

/// <summary>One model of the built-in database.</summary>
/// <param name="DisplayName">Human name, e.g. <c>Claude Sonnet 4.6</c>.</param>
/// <param name="Capabilities">Its capabilities.</param>
/// <param name="Ids">The model ids it answers to, without cross-region prefixes.</param>
public sealed record ModelDatabaseEntry(string DisplayName, ModelCapabilities Capabilities, IReadOnlyList<string> Ids);
