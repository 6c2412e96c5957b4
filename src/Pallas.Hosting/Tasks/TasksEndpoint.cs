using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Pallas.Agents.Messaging;
using Pallas.Hosting.Agents;
using Pallas.Hosting.Auth;
using Pallas.Hosting.Limits;

// MCPEXP002: custom request handlers and the alternate-result tool pipeline are experimental in the SDK; they are the
// extension points the SDK's own Tasks extension uses, and the only way to answer tools/call with a CreateTaskResult.
#pragma warning disable MCPEXP002

namespace Pallas.Hosting.Tasks;

/// <summary>
/// The Tasks extension (<c>io.modelcontextprotocol/tasks</c>, SEP-2663) on one agent's MCP server: advertised in
/// the capabilities; a 2026-07-28 <c>send_message</c> whose client declares it is answered with a
/// <c>CreateTaskResult</c> once the task is stored; <c>tasks/get</c> and <c>tasks/cancel</c> answer for it.
/// Everything else keeps the synchronous path.
/// </summary>
internal sealed class TasksEndpoint(AgentState agent, AgentMcpHandlers handlers, TaskCoordinator tasks, IHttpContextAccessor httpContext) : IConfigureOptions<McpServerOptions>
{
    public const string ExtensionId = "io.modelcontextprotocol/tasks";
    public const string GetMethod = "tasks/get";
    public const string CancelMethod = "tasks/cancel";

    public void Configure(McpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Capabilities ??= new ServerCapabilities();
        options.Capabilities.Extensions ??= new Dictionary<string, object>();
        options.Capabilities.Extensions[ExtensionId] = new JsonObject();
        options.RequestHandlers ??= [];
        options.RequestHandlers.Add(new McpServerRequestHandler { Method = GetMethod, RoutingNameParameter = "taskId", Handler = GetAsync });
        options.RequestHandlers.Add(new McpServerRequestHandler { Method = CancelMethod, RoutingNameParameter = "taskId", Handler = CancelAsync });
        options.Filters.Request.CallToolWithAlternateFilters.Add(async (request, next, cancellationToken) =>
            request.Params?.Name == AgentToolDefinitions.SendMessage && IsTaskRequest(request.JsonRpcRequest)
                ? await StartAsync(request, cancellationToken)
                : await next(request, cancellationToken));
    }

    private async ValueTask<ResultOrAlternate<CallToolResult>> StartAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        if (!handlers.TryParseSendMessage(request, out var message, out var refusal))
        {
            return refusal;
        }

        // The turn outlives this request, so it takes the request's concurrent_calls permit with it.
        var permit = TurnPermit.TakeFrom(httpContext.HttpContext);
        AgentTask task;
        try
        {
            task = await tasks.StartAsync(agent.Name, Owner, async (observer, token) =>
            {
                using (permit)
                {
                    return (await handlers.RunTurnAsync(message, observer, token)).Reply;
                }
            }, cancellationToken);
        }
        catch (Exception exception)
        {
            // Nothing was stored, so the turn never started: its permit goes back now.
            permit.Dispose();
            if (exception is TaskStoreUnavailableException)
            {
                throw new McpProtocolException(
                    $"Agent '{agent.Name}' cannot start a task: {exception.Message}. Calls without the tasks extension still run synchronously.",
                    McpErrorCode.InternalError);
            }

            throw;
        }

        return ResultOrAlternate<CallToolResult>.FromAlternate(TaskResult.Created(task, tasks.Settings.PollInterval), TaskJsonContext.Default.TaskResult);
    }

    private async ValueTask<JsonNode?> GetAsync(RequestContext<JsonNode?> request, CancellationToken cancellationToken)
    {
        var taskId = TaskIdOf(request.JsonRpcRequest, GetMethod);
        var task = await tasks.GetAsync(agent.Name, Owner, taskId, cancellationToken) ?? throw UnknownTask(taskId);
        return JsonSerializer.SerializeToNode(TaskResult.Current(task, tasks.Settings.PollInterval), TaskJsonContext.Default.TaskResult);
    }

    private async ValueTask<JsonNode?> CancelAsync(RequestContext<JsonNode?> request, CancellationToken cancellationToken)
    {
        var taskId = TaskIdOf(request.JsonRpcRequest, CancelMethod);
        _ = await tasks.CancelAsync(agent.Name, Owner, taskId, cancellationToken) ?? throw UnknownTask(taskId);
        return new JsonObject { ["resultType"] = "complete" };
    }

    /// <summary>The authenticated caller, who alone sees their tasks; <see langword="null"/> (anyone with the id) when the agent does not authenticate.</summary>
    private string? Owner => CallerIdentity.Subject(httpContext.HttpContext);

    /// <summary>The task id of a <c>tasks/*</c> request, after the checks the extension requires of every one.</summary>
    private static string TaskIdOf(JsonRpcRequest request, string method)
    {
        if (!McpRevision.IsStateless(request.Context?.ProtocolVersion))
        {
            throw new McpProtocolException(
                $"'{method}' needs protocol revision {McpRevision.July2026} or later (this request is at {request.Context?.ProtocolVersion ?? "an initialize-era revision"}).",
                McpErrorCode.MethodNotFound);
        }

        if (!DeclaresExtension(request))
        {
            throw new MissingRequiredClientCapabilityException(
                new ClientCapabilities { Extensions = new Dictionary<string, object> { [ExtensionId] = new JsonObject() } },
                $"'{method}' needs the '{ExtensionId}' extension in the client capabilities.");
        }

        var parameters = request.Params?.Deserialize(TaskJsonContext.Default.TaskIdParams);
        return parameters?.TaskId is { Length: > 0 } taskId
            ? taskId
            : throw new McpProtocolException($"'{method}' needs params.taskId, the id from the CreateTaskResult.", McpErrorCode.InvalidParams);
    }

    private static bool IsTaskRequest(JsonRpcRequest request) =>
        McpRevision.IsStateless(request.Context?.ProtocolVersion) && DeclaresExtension(request);

    private static bool DeclaresExtension(JsonRpcRequest request) =>
        request.Context?.ClientCapabilities?.Extensions?.ContainsKey(ExtensionId) is true
        || request.Params?["_meta"]?[MetaKeys.ClientCapabilities]?["extensions"] is JsonObject extensions && extensions.ContainsKey(ExtensionId);

    // The same answer for a task that never existed, expired, or belongs to someone else: nothing to probe for.
    private static McpProtocolException UnknownTask(string taskId) =>
        new($"Unknown task '{taskId}': it does not exist, has expired, or is not yours.", McpErrorCode.InvalidParams);
}
