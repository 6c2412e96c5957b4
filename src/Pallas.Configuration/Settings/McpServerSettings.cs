namespace Pallas.Configuration.Settings;

/// <summary>One entry of <c>mcp.servers</c>.</summary>
public sealed record McpServerSettings
{
    /// <summary>The key under <c>mcp.servers</c>; tools are offered to models as <c>{Name}__{tool}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The transport; inferred from <see cref="Url"/> (http) or <see cref="Command"/> (stdio) when not written.</summary>
    public McpTransport Transport { get; init; }

    /// <summary>The program to start (stdio).</summary>
    public string? Command { get; init; }

    /// <summary>Its arguments (stdio).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Extra environment variables for the process (stdio).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Working directory of the process (stdio); relative to the project directory.</summary>
    public string? Cwd { get; init; }

    /// <summary>The endpoint (http, sse).</summary>
    public Uri? Url { get; init; }

    /// <summary>Headers sent with every request (http, sse).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Forward the caller's <c>Authorization: Bearer</c> to this server, per request.</summary>
    public bool ForwardInboundAuth { get; init; }

    /// <summary>Time allowed for one request to this server; <see langword="null"/> uses the default.</summary>
    public TimeSpan? ReadTimeout { get; init; }
}
