using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Messaging;
using Pallas.Configuration.Tasks;

namespace Pallas.Hosting.Tasks;

/// <summary>
/// The tasks of one Pallas process: stores each before its <c>CreateTaskResult</c> goes out, runs its turn in the
/// background, records how it ended, and stops the turn when any replica cancels it.
/// </summary>
internal sealed partial class TaskCoordinator : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TaskCoordinator(ITaskStore store, TaskSettings settings, TimeProvider time, ILogger<TaskCoordinator> logger)
    {
        Store = store;
        Settings = settings;
        _time = time;
        _logger = logger;
        store.CancelRequested += OnCancelRequested;
    }

    public ITaskStore Store { get; }

    public TaskSettings Settings { get; }

    /// <summary>
    /// Stores a working task for <paramref name="agent"/>, then runs <paramref name="turn"/> in the background with
    /// an observer that keeps the task's status message current; returns the stored task.
    /// </summary>
    public async Task<AgentTask> StartAsync(string agent, string? owner, Func<IAgentObserver, CancellationToken, Task<CallToolResult>> turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var now = _time.GetUtcNow();
        var task = new AgentTask
        {
            TaskId = TaskIds.New(),
            Agent = agent,
            Owner = owner,
            CreatedAt = now,
            LastUpdatedAt = now,
            TimeToLive = Settings.TimeToLive,
        };
        await Store.CreateAsync(task, cancellationToken);
        var cancellation = new CancellationTokenSource();
        _running[task.TaskId] = cancellation;
        // Not the request's context: the turn outlives the HTTP request, and nothing of it may flow into the turn.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunAsync(task, turn, cancellation), CancellationToken.None);
        }

        return task;
    }

    /// <summary>The task, if it exists and belongs to this agent and caller; otherwise <see langword="null"/>, as if unknown.</summary>
    public async Task<AgentTask?> GetAsync(string agent, string? owner, string taskId, CancellationToken cancellationToken) =>
        await Store.GetAsync(taskId, cancellationToken) is { } task && task.Agent == agent && task.Owner == owner ? task : null;

    /// <summary>Cancels the task (idempotent); the task afterwards, or <see langword="null"/> when it is not the caller's.</summary>
    public async Task<AgentTask?> CancelAsync(string agent, string? owner, string taskId, CancellationToken cancellationToken) =>
        await GetAsync(agent, owner, taskId, cancellationToken) is null
            ? null
            : await Store.CancelAsync(taskId, _time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// The <c>tasks</c> object of <c>get_health</c> and <c>/healthz</c>: which store and whether it answers. A store
    /// that does not answer leaves the agent's status alone, because synchronous calls are still served.
    /// </summary>
    public async Task<JsonObject> HealthAsync(CancellationToken cancellationToken)
    {
        string? problem;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HealthTimeout);
            problem = await Store.ProbeAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            problem = $"the task store did not answer within {HealthTimeout.TotalSeconds:0} s";
        }

        return new JsonObject
        {
            ["store"] = Settings.Store.ToString().ToLowerInvariant(),
            ["status"] = problem is null ? "ok" : "error",
            ["error"] = problem,
        };
    }

    public async ValueTask DisposeAsync()
    {
        Store.CancelRequested -= OnCancelRequested;
        await Store.DisposeAsync();
    }

    private async Task RunAsync(AgentTask task, Func<IAgentObserver, CancellationToken, Task<CallToolResult>> turn, CancellationTokenSource cancellation)
    {
        using var progress = new TaskProgressObserver(Store, task, _time, cancellation);
        try
        {
            var reply = await turn(progress, cancellation.Token);
            // A cancelled task keeps its cancelled status: the store's compare-and-set drops this late result anyway.
            if (!cancellation.IsCancellationRequested)
            {
                await FinishAsync(progress.Current with { Status = AgentTaskStatus.Completed, Result = JsonSerializer.SerializeToElement(reply, McpJsonUtilities.DefaultOptions.GetTypeInfo<CallToolResult>()) });
            }
        }
        catch (Exception exception)
        {
            LogTaskFailed(_logger, task.TaskId, task.Agent, exception);
            var error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.InternalError, Message = $"The task failed with an internal error ({exception.GetType().Name}); see the server log." };
            await FinishAsync(progress.Current with { Status = AgentTaskStatus.Failed, Error = JsonSerializer.SerializeToElement(error, McpJsonUtilities.DefaultOptions.GetTypeInfo<JsonRpcErrorDetail>()) });
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(task.TaskId, cancellation));
            cancellation.Dispose();
        }
    }

    private async Task FinishAsync(AgentTask finished)
    {
        try
        {
            await Store.UpdateAsync(finished with { LastUpdatedAt = _time.GetUtcNow() }, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The store went away mid-turn: the client's tasks/get says so (the store error), nothing more can be done here.
            LogFinishLost(_logger, finished.TaskId, exception.Message);
        }
    }

    private void OnCancelRequested(string taskId)
    {
        if (_running.TryGetValue(taskId, out var cancellation))
        {
            try
            {
                cancellation.Cancel();
                LogTaskCancelled(_logger, taskId);
            }
            catch (ObjectDisposedException)
            {
                // The turn ended between the lookup and the cancel: nothing is left to stop.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} cancelled; its turn is stopping")]
    private static partial void LogTaskCancelled(ILogger logger, string taskId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} of {Agent} failed unexpectedly")]
    private static partial void LogTaskFailed(ILogger logger, string taskId, string agent, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The end of task {TaskId} could not be stored: {Reason}")]
    private static partial void LogFinishLost(ILogger logger, string taskId, string reason);
}
