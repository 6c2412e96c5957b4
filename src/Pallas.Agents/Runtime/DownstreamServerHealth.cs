namespace Pallas.Agents.Runtime;

/// <summary>The state of one downstream MCP server, as reported by <c>get_health</c>.</summary>
/// <param name="Name">Its key under <c>mcp.servers</c>.</param>
/// <param name="Transport"><c>stdio</c>, <c>http</c> or <c>sse</c>.</param>
/// <param name="Status">Connected and answering, still connecting, or in error.</param>
/// <param name="Tools">How many of its tools the agent may use.</param>
/// <param name="LatencyMs">Round trip of the last probe (<c>ping</c>), if any.</param>
/// <param name="Error">One line: why it is not ok.</param>
public sealed record DownstreamServerHealth(string Name, string Transport, DownstreamServerStatus Status, int Tools, double? LatencyMs, string? Error)
{
    /// <summary>Whether it is connected and answered the last probe.</summary>
    public bool Ok => Status == DownstreamServerStatus.Ok;
}
