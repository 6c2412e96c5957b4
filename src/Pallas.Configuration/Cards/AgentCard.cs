namespace Pallas.Configuration.Cards;

/// <summary>An AgentCard (fast-agent's format): Markdown with YAML front matter, or plain YAML.</summary>
public sealed record AgentCard
{
    /// <summary>The card's name (default: the file stem).</summary>
    public required string Name { get; init; }

    /// <summary>The file it came from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The card type.</summary>
    public AgentType Type { get; init; } = AgentType.Agent;

    /// <summary>What the agent does; shown when it is offered as a tool.</summary>
    public string? Description { get; init; }

    /// <summary>The system instruction template (body or <c>instruction:</c>), placeholders not yet rendered.</summary>
    public string Instruction { get; init; } = "";

    /// <summary>The card's model string, if any (agents.yaml <c>model</c> wins over it).</summary>
    public string? Model { get; init; }

    /// <summary>Names from <c>mcp.servers</c> whose tools this agent may use.</summary>
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>Per-server allow-lists of tool names; a server not listed allows all its tools.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Tools { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Sub-agents offered as tools (type <c>agent</c>), or the members of a router/orchestrator.</summary>
    public IReadOnlyList<string> Agents { get; init; } = [];

    /// <summary>Whether the agent keeps history between its own calls.</summary>
    public bool? UseHistory { get; init; }

    /// <summary>Request parameters.</summary>
    public RequestParams RequestParams { get; init; } = new();

    /// <summary>Whether this card is the one exposed when its folder is the module.</summary>
    public bool Default { get; init; }

    /// <summary>Workflow fields, present only for the matching <see cref="Type"/>.</summary>
    public WorkflowSpec Workflow { get; init; } = new();

    /// <summary>
    /// The 1-based line in <see cref="SourcePath"/> of each top-level key written, so that a check run after loading
    /// (<c>pallas check --online</c>) can point at the line as the loader's own diagnostics do.
    /// </summary>
    public IReadOnlyDictionary<string, int> KeyLines { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Whether this card lets the model use <paramref name="toolName"/> of <paramref name="server"/>: a server without a
    /// <c>tools:</c> entry allows all its tools, otherwise one of the entry's patterns must match (<see cref="ToolPattern"/>).
    /// </summary>
    public bool AllowsTool(string server, string toolName) =>
        !Tools.TryGetValue(server, out var patterns) || patterns.Any(pattern => ToolPattern.Matches(pattern, toolName));
}
