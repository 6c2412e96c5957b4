namespace Pallas.Providers.Preflight;

/// <summary>The cached outcome of a provider's startup probe; shown by <c>get_health</c>, <c>/healthz</c> and metrics.</summary>
/// <param name="Provider">Provider name as in model strings.</param>
/// <param name="Ok">Whether the probe passed.</param>
/// <param name="Detail">One line: what was checked, or what failed and how to fix it. Never contains a secret.</param>
/// <param name="CheckedAt">When the probe ran.</param>
public sealed record PreflightResult(string Provider, bool Ok, string Detail, DateTimeOffset CheckedAt);
