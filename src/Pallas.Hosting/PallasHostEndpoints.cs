namespace Pallas.Hosting;

/// <summary>Where a running <see cref="PallasHost"/> listens.</summary>
/// <param name="Registry">The registry base URL; <see langword="null"/> with <c>--agent</c>.</param>
/// <param name="Agents">Each agent's MCP endpoint (<c>http://bind:port/mcp</c>), by agent name.</param>
public sealed record PallasHostEndpoints(Uri? Registry, IReadOnlyDictionary<string, Uri> Agents);
