using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;

namespace Pallas.Hosting.Tasks;

/// <summary>
/// A task as the Tasks extension writes it: the <c>CreateTaskResult</c> of a <c>tools/call</c> (<c>resultType: "task"</c>)
/// and the result of <c>tasks/get</c> (<c>resultType: "complete"</c>, with <c>result</c> or <c>error</c> once it ended).
/// </summary>
internal sealed class TaskResult : Result
{
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }

    [JsonPropertyName("status")]
    public required AgentTaskStatus Status { get; init; }

    [JsonPropertyName("statusMessage")]
    public string? StatusMessage { get; init; }

    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("lastUpdatedAt")]
    public required DateTimeOffset LastUpdatedAt { get; init; }

    [JsonPropertyName("ttlMs")]
    public required long TtlMs { get; init; }

    [JsonPropertyName("pollIntervalMs")]
    public required long PollIntervalMs { get; init; }

    [JsonPropertyName("result")]
    public JsonElement? Result { get; init; }

    [JsonPropertyName("error")]
    public JsonElement? Error { get; init; }

    /// <summary>The <c>CreateTaskResult</c> answering the <c>tools/call</c> that started <paramref name="task"/>.</summary>
    public static TaskResult Created(AgentTask task, TimeSpan pollInterval) => From(task, pollInterval, "task");

    /// <summary>The <c>tasks/get</c> result for <paramref name="task"/>.</summary>
    public static TaskResult Current(AgentTask task, TimeSpan pollInterval) => From(task, pollInterval, "complete");

    private static TaskResult From(AgentTask task, TimeSpan pollInterval, string resultType) => new()
    {
        ResultType = resultType,
        TaskId = task.TaskId,
        Status = task.Status,
        StatusMessage = task.StatusMessage,
        CreatedAt = task.CreatedAt,
        LastUpdatedAt = task.LastUpdatedAt,
        TtlMs = (long)task.TimeToLive.TotalMilliseconds,
        PollIntervalMs = (long)pollInterval.TotalMilliseconds,
        Result = task.Status == AgentTaskStatus.Completed ? task.Result : null,
        Error = task.Status == AgentTaskStatus.Failed ? task.Error : null,
    };
}
