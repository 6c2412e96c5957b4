using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Pallas.Hosting.Agents;

namespace Pallas.Hosting.Limits;

/// <summary>
/// <c>limits.concurrent_calls</c>: at most that many <c>send_message</c> turns at once, tasks included, and a 429 for
/// the next one. Not the framework's rate-limiting middleware, whose leases end with the request: a task's turn
/// keeps its permit after the response (see <see cref="TurnPermit"/>). Other requests (tasks/get, a cancellation,
/// get_health) are never held back by running turns.
/// </summary>
internal sealed class ConcurrentCallsMiddleware(RequestDelegate next, ConcurrencyLimiter limiter, int limit, LimitRejection rejection)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Path.StartsWithSegments(AgentApplication.McpPath, StringComparison.OrdinalIgnoreCase)
            || !await McpCallPeek.IsToolCallAsync(context.Request, AgentToolDefinitions.SendMessage))
        {
            await next(context);
            return;
        }

        var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            await rejection.WriteAsync(context, LimitRejection.Concurrency, RetryAfter,
                $"Too many calls: this agent runs at most {limit} send_message calls at once (limits.concurrent_calls); retry shortly.");
            return;
        }

        using var permit = new TurnPermit(lease);
        context.Features.Set(permit);
        await next(context);
    }
}
