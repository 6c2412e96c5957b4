using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pallas.Agents.Telemetry;
using Pallas.Hosting.Http;

namespace Pallas.Hosting.Limits;

/// <summary>The one answer to a request over a limit: HTTP 429, <c>Retry-After</c>, a JSON-RPC error, and the counter.</summary>
internal sealed class LimitRejection(string agent, PallasMetrics metrics)
{
    public const string RateLimit = "rate_limit";
    public const string Concurrency = "concurrency";

    public Task WriteAsync(HttpContext context, string reason, TimeSpan retryAfter, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        metrics.RejectedRequests.WithLabels(agent, reason).Inc();
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return HttpJson.WriteAsync(context.Response, new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = null,
            ["error"] = new JsonObject { ["code"] = -32002, ["message"] = message },
        });
    }
}
