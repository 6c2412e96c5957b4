using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Pallas.Agents.Logging;
using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Auth;
using Pallas.Hosting.Auth;
using Pallas.Hosting.Http;
using Pallas.Hosting.Startup;

namespace Pallas.Hosting.Agents;

/// <summary>The MCP request handlers of one agent: <c>send_message</c>, <c>get_health</c> and the history prompt.</summary>
internal sealed partial class AgentMcpHandlers(AgentState agent, HostContext host, RunningCalls runningCalls, IHttpContextAccessor httpContext, ILogger<AgentMcpHandlers> logger)
{
    private static readonly TimeSpan ServerHealthTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long clients and gateways may keep the tool and prompt lists (2026-07-28 <c>ttlMs</c>): they change only
    /// when the project does, which needs a restart; a minute bounds how long a cache serves an old title.
    /// </summary>
    private static readonly TimeSpan ListLifetime = TimeSpan.FromMinutes(1);

    // The same for every caller (nothing in them depends on who asks), so a shared cache may serve them to anyone.
    public ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListToolsResult { Tools = AgentToolDefinitions.Tools(agent.Definition.Deployment.Title), TimeToLive = ListLifetime, CacheScope = CacheScope.Public });

    public async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Params?.Name;
        return name switch
        {
            AgentToolDefinitions.SendMessage => await SendMessageAsync(request, cancellationToken),
            AgentToolDefinitions.GetHealth => await GetHealthAsync(cancellationToken),
            _ => throw new McpProtocolException(
                $"Unknown tool '{name}': agent '{agent.Name}' offers {AgentToolDefinitions.SendMessage} and {AgentToolDefinitions.GetHealth}.",
                McpErrorCode.InvalidParams),
        };
    }

    public ValueTask<ListPromptsResult> ListPromptsAsync(RequestContext<ListPromptsRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListPromptsResult { Prompts = [AgentToolDefinitions.HistoryPrompt(agent.Name)], TimeToLive = ListLifetime, CacheScope = CacheScope.Public });

    public ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Params?.Name;
        if (name != AgentToolDefinitions.HistoryPromptName(agent.Name))
        {
            throw new McpProtocolException(
                $"Unknown prompt '{name}': agent '{agent.Name}' offers {AgentToolDefinitions.HistoryPromptName(agent.Name)}.",
                McpErrorCode.InvalidParams);
        }

        return ValueTask.FromResult(new GetPromptResult
        {
            Description = AgentToolDefinitions.HistoryPrompt(agent.Name).Description,
            Messages = [],
        });
    }

    /// <summary>
    /// Reads the <c>send_message</c> arguments, with the caller's bearer captured now: a task's turn runs after the
    /// HTTP request is gone. <see langword="false"/> with the error result when they are wrong.
    /// </summary>
    public bool TryParseSendMessage(
        RequestContext<CallToolRequestParams> request,
        [NotNullWhen(true)] out SendMessageRequest? message,
        [NotNullWhen(false)] out CallToolResult? refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = request.Params?.Arguments as IReadOnlyDictionary<string, JsonElement>
            ?? request.Params?.Arguments?.ToDictionary(pair => pair.Key, pair => pair.Value);
        // An API key is this agent's own secret, not a token the caller holds for others: it never goes downstream.
        var bearer = agent.Definition.Deployment.Auth.Mode == AuthMode.ApiKey
            ? null
            : BearerToken.From(httpContext.HttpContext?.Request.Headers.Authorization.ToString());
        if (SendMessageArguments.TryParse(arguments, bearer, out message, out var error))
        {
            refusal = null;
            return true;
        }

        LogInvalidArguments(logger, agent.Name, error);
        host.Metrics.SendMessages.WithLabels(agent.Name, SendMessageOutcome.Error.ToMetricLabel()).Inc();
        refusal = ErrorResult(error);
        return false;
    }

    /// <summary>
    /// Runs one turn and answers it as a tool result, counted and logged; never throws. A cancelled
    /// <paramref name="cancellationToken"/> (the caller's, or a task's) ends it as <c>cancelled</c>.
    /// </summary>
    public async Task<(CallToolResult Reply, SendMessageOutcome Outcome)> RunTurnAsync(SendMessageRequest message, IAgentObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["conversation_id"] = message.ConversationId });
        using var inflight = host.Inflight.Enter();
        var gauge = host.Metrics.Inflight.WithLabels(agent.Name);
        gauge.Inc();
        var stopwatch = Stopwatch.StartNew();
        SendMessageResult result;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.HardStop);
            result = await agent.Runtime.SendAsync(message, observer, linked.Token);
        }
        catch (OperationCanceledException)
        {
            result = new SendMessageResult(
                host.HardStop.IsCancellationRequested
                    ? $"Agent '{agent.Name}' is shutting down and stopped this call; retry it."
                    : "The call was cancelled by the caller.",
                SendMessageOutcome.Cancelled);
        }
        catch (Exception exception)
        {
            // The runtime translates provider and tool failures itself; anything else is a bug whose text may carry internals.
            LogSendFailed(logger, agent.Name, exception);
            result = new SendMessageResult($"Agent '{agent.Name}' failed with an internal error ({exception.GetType().Name}); see the server log.", SendMessageOutcome.Error);
        }
        finally
        {
            gauge.Dec();
        }

        var elapsed = stopwatch.Elapsed;
        var elapsedMs = LogDuration.Milliseconds(elapsed);
        var outcome = result.Outcome.ToMetricLabel();
        host.Metrics.SendMessages.WithLabels(agent.Name, outcome).Inc();
        host.Metrics.SendMessageDuration.WithLabels(agent.Name).Observe(elapsed.TotalSeconds);
        // Per-call detail is debug (the metrics carry it); an outcome that is not ok is worth a warning.
        if (result.Outcome == SendMessageOutcome.Ok)
        {
            LogSendFinished(logger, agent.Name, outcome, elapsedMs);
        }
        else
        {
            LogSendNotOk(logger, agent.Name, outcome, elapsedMs);
        }

        var reply = result.IsError
            ? ErrorResult(result.Text)
            : new CallToolResult { Content = [new TextContentBlock { Text = result.Text }] };
        return (reply, result.Outcome);
    }

    private async Task<CallToolResult> SendMessageAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        if (!TryParseSendMessage(request, out var message, out var refusal))
        {
            return refusal;
        }

        var relay = InboundRelay.FromMeta(request.Params?.Meta);
        using var observer = new McpNotificationObserver(
            request.Server, request.Params?.ProgressToken, ChunkDelivery.IsRequested(request.JsonRpcRequest, request.Server), agent.Name, message.ConversationId, relay, logger);
        using var call = runningCalls.Register(request.JsonRpcRequest, cancellationToken);
        var (reply, _) = await RunTurnAsync(message, observer, call.Token);
        if (relay is not null)
        {
            // A calling Pallas agent waits for this many chunks: its MCP client may dispatch them after this result.
            reply.Meta = new JsonObject { [AssistantChunkWire.RelayedChunksMeta] = observer.RelayedChunks };
        }

        return reply;
    }

    private async Task<CallToolResult> GetHealthAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<DownstreamServerHealth> servers = [];
        string? serversError = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ServerHealthTimeout);
            servers = await agent.Runtime.GetServerHealthAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            serversError = $"downstream servers did not answer the health probe within {ServerHealthTimeout.TotalSeconds:0} s";
        }
        catch (Exception exception)
        {
            serversError = $"could not probe downstream servers ({exception.GetType().Name})";
            LogHealthProbeFailed(logger, agent.Name, exception);
        }

        var tasks = await host.Tasks.HealthAsync(cancellationToken);
        var report = AgentHealthReport.Build(agent, host.Project.Deployment.Version, servers, serversError, tasks, host.Time.GetUtcNow());
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = report.ToJsonString(HttpJson.Compact) }],
            StructuredContent = JsonSerializer.SerializeToElement(report, JsonContext.Default.JsonObject),
        };
    }

    private static CallToolResult ErrorResult(string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        IsError = true,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "send_message refused for {Agent}: {Error}")]
    private static partial void LogInvalidArguments(ILogger logger, string agent, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "send_message finished for {Agent}: {Outcome} in {DurationMs} ms")]
    private static partial void LogSendFinished(ILogger logger, string agent, string outcome, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "send_message for {Agent} ended {Outcome} in {DurationMs} ms")]
    private static partial void LogSendNotOk(ILogger logger, string agent, string outcome, double durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "send_message failed unexpectedly for {Agent}")]
    private static partial void LogSendFailed(ILogger logger, string agent, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Downstream health probe failed for {Agent}")]
    private static partial void LogHealthProbeFailed(ILogger logger, string agent, Exception exception);
}
