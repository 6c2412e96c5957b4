using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Pallas.Agents.Downstream;

/// <summary>One live MCP session with a downstream server and what it advertised when it connected.</summary>
internal sealed record DownstreamSession(McpClient Client, IReadOnlyList<Tool> Tools, string? Instructions);
