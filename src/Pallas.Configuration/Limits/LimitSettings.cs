namespace Pallas.Configuration.Limits;

/// <summary>The <c>limits</c> block (top level, overridable per agent): what one agent process accepts at once.</summary>
public sealed record LimitSettings
{
    /// <summary>No limits.</summary>
    public static readonly LimitSettings None = new();

    /// <summary>Requests to <c>/mcp</c> per minute per caller (API key or token subject, else client address); 0: unlimited.</summary>
    public int RequestsPerMinute { get; init; }

    /// <summary><c>send_message</c> turns running at once in this agent, tasks included; 0: unlimited.</summary>
    public int ConcurrentCalls { get; init; }

    /// <summary>Whether any limit is set.</summary>
    public bool Any => RequestsPerMinute > 0 || ConcurrentCalls > 0;
}
