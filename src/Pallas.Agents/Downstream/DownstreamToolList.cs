namespace Pallas.Agents.Downstream;

/// <summary>What one downstream MCP server advertised on its first connection attempt (<c>pallas check --online</c>).</summary>
/// <param name="Name">Its key under <c>mcp.servers</c>.</param>
/// <param name="ToolNames">The names of its tools, in the server's order; empty when it was not reached.</param>
/// <param name="Error">One line: why it was not reached; <see langword="null"/> when it was.</param>
public sealed record DownstreamToolList(string Name, IReadOnlyList<string> ToolNames, string? Error)
{
    /// <summary>Whether the server was reached and listed its tools.</summary>
    public bool Ok => Error is null;
}
