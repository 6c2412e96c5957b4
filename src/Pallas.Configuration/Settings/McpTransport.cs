namespace Pallas.Configuration.Settings;

/// <summary>How Pallas reaches a downstream MCP server.</summary>
public enum McpTransport
{
    /// <summary>A child process speaking MCP on stdin/stdout.</summary>
    Stdio,

    /// <summary>Streamable HTTP.</summary>
    Http,

    /// <summary>The legacy HTTP+SSE transport.</summary>
    Sse,
}
