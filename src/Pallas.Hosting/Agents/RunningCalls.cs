using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Pallas.Hosting.Agents;

/// <summary>
/// The running <c>send_message</c> calls of one agent, by caller and JSON-RPC id, so that a
/// <c>notifications/cancelled</c> stops the right turn. The endpoint is stateless: that notification arrives in a POST
/// of its own, which the SDK serves with a fresh server that knows nothing of the call, so the SDK cannot do it.
/// </summary>
/// <remarks>
/// Request ids are chosen by clients, so the caller is part of the key: the client address and its
/// <c>Authorization</c> header. Behind a load balancer that hides addresses, two unauthenticated clients that use the
/// same id at the same moment share a key; the second one's call is then not cancellable by notification (it still
/// is by closing its stream), rather than letting one caller stop another's turn.
/// </remarks>
internal sealed partial class RunningCalls(IHttpContextAccessor httpContext, ILogger<RunningCalls> logger)
{
    private readonly ConcurrentDictionary<(string Caller, string Id), CancellationTokenSource> _calls = new();

    /// <summary>Tracks one call until the result is disposed; its token also fires on <paramref name="requestAborted"/>.</summary>
    public Registration Register(JsonRpcRequest request, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var key = (Caller(httpContext.HttpContext), request.Id.ToString());
        return new Registration(this, _calls.TryAdd(key, cancellation) ? key : null, cancellation);
    }

    /// <summary>The incoming message filter that turns <c>notifications/cancelled</c> into a cancelled turn.</summary>
    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcNotification { Method: NotificationMethods.CancelledNotification } notification)
        {
            context.Services?.GetRequiredService<RunningCalls>().Cancel(notification.Params);
        }

        await next(context, cancellationToken);
    };

    private void Cancel(JsonNode? parameters)
    {
        var id = parameters?["requestId"] is JsonValue value ? value.ToString() : null;
        if (id is not null && _calls.TryGetValue((Caller(httpContext.HttpContext), id), out var cancellation))
        {
            LogCancelled(logger, id);
            cancellation.Cancel();
        }
    }

    private static string Caller(HttpContext? context) =>
        context is null ? "" : $"{context.Connection.RemoteIpAddress}\n{context.Request.Headers.Authorization}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {RequestId} cancelled by the caller (notifications/cancelled)")]
    private static partial void LogCancelled(ILogger logger, string requestId);

    /// <summary>One tracked call: its cancellation token, and its removal when the call ends.</summary>
    public sealed class Registration(RunningCalls owner, (string Caller, string Id)? key, CancellationTokenSource cancellation) : IDisposable
    {
        public CancellationToken Token => cancellation.Token;

        public void Dispose()
        {
            if (key is { } tracked)
            {
                owner._calls.TryRemove(new KeyValuePair<(string Caller, string Id), CancellationTokenSource>(tracked, cancellation));
            }

            cancellation.Dispose();
        }
    }
}
