using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pallas.Hosting.Tasks;

/// <summary>One <c>send_message</c> run as an MCP task: what a store keeps and <c>tasks/get</c> reports.</summary>
internal sealed record AgentTask
{
    /// <summary>The unguessable id (<see cref="TaskIds"/>).</summary>
    public required string TaskId { get; init; }

    /// <summary>The agent that runs it; a task is visible only on its own agent's endpoint.</summary>
    public required string Agent { get; init; }

    /// <summary>The principal that created it; <see langword="null"/> without inbound authentication.</summary>
    public string? Owner { get; init; }

    public AgentTaskStatus Status { get; init; } = AgentTaskStatus.Working;

    /// <summary>The latest progress message of the turn, so that a client polling sees what a streaming one would.</summary>
    public string? StatusMessage { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>How long the task is kept after <see cref="LastUpdatedAt"/>.</summary>
    public required TimeSpan TimeToLive { get; init; }

    /// <summary>The <c>CallToolResult</c> of a completed task.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>The JSON-RPC error of a failed task.</summary>
    public JsonElement? Error { get; init; }

    /// <summary>Whether the task has reached an end state, after which nothing changes it.</summary>
    [JsonIgnore]
    public bool IsTerminal => Status != AgentTaskStatus.Working;

    /// <summary>When a store may forget it.</summary>
    [JsonIgnore]
    public DateTimeOffset ExpiresAt => LastUpdatedAt + TimeToLive;
}
