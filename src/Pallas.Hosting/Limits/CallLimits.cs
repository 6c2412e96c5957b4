using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Pallas.Agents.Telemetry;
using Pallas.Configuration.Limits;
using Pallas.Hosting.Agents;
using Pallas.Hosting.Auth;

namespace Pallas.Hosting.Limits;

/// <summary>
/// An agent port's <c>limits</c> (CONTRACT §13): <c>requests_per_minute</c> per caller with ASP.NET Core's rate
/// limiter, and <c>concurrent_calls</c> with <see cref="ConcurrentCallsMiddleware"/>. Both run after authentication,
/// so a refused caller spends no one's quota and the caller is its subject, not only its address.
/// </summary>
internal static class CallLimits
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static void AddCallLimits(this IServiceCollection services, LimitSettings limits, LimitRejection rejection)
    {
        if (limits.RequestsPerMinute == 0)
        {
            return;
        }

        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments(AgentApplication.McpPath, StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(CallerIdentity.Of(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.RequestsPerMinute,
                        Window = Window,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = (rejected, _) => new ValueTask(rejection.WriteAsync(
                rejected.HttpContext,
                LimitRejection.RateLimit,
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window,
                $"Too many requests: this agent accepts {limits.RequestsPerMinute} requests per minute from each caller (limits.requests_per_minute); retry after the Retry-After seconds."));
        });
    }

    public static void UseCallLimits(this WebApplication app, LimitSettings limits, LimitRejection rejection)
    {
        if (limits.RequestsPerMinute > 0)
        {
            app.UseRateLimiter();
        }

        if (limits.ConcurrentCalls > 0)
        {
            var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = limits.ConcurrentCalls, QueueLimit = 0 });
            app.UseMiddleware<ConcurrentCallsMiddleware>(limiter, limits.ConcurrentCalls, rejection);
        }
    }
}
