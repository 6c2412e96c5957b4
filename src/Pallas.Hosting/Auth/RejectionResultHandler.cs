using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Pallas.Agents.Telemetry;
using Pallas.Hosting.Http;

namespace Pallas.Hosting.Auth;

/// <summary>
/// Answers a refused request the way the MCP authorization spec asks, and counts it: 401 keeps the scheme's
/// challenge (with <c>resource_metadata</c> for OAuth) and adds a JSON-RPC error that says what to send; a missing
/// scope is 403 with <c>error="insufficient_scope"</c> and the scopes needed (RFC 6750 §3.1), which the framework's
/// default handler would leave out.
/// </summary>
internal sealed partial class RejectionResultHandler(string component, bool publishesResourceMetadata, PallasMetrics metrics, ILogger<RejectionResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Challenged)
        {
            Count(context, "unauthenticated");
            await _default.HandleAsync(next, context, policy, authorizeResult);
            await WriteErrorAsync(context, "Unauthorized: send Authorization: Bearer <token> with a valid token or API key for this endpoint.");
        }
        else if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().FirstOrDefault() is { } scopes)
        {
            Count(context, "insufficient_scope");
            var needed = string.Join(' ', scopes.Scopes);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.Headers.Append(HeaderNames.WWWAuthenticate, $"Bearer error=\"insufficient_scope\", scope=\"{needed}\"{ResourceMetadata(context)}");
            await WriteErrorAsync(context, $"Forbidden: the token lacks a scope this endpoint needs; request a token with scope \"{needed}\".");
        }
        else
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }

    private void Count(HttpContext context, string reason)
    {
        metrics.RejectedRequests.WithLabels(component, reason).Inc();
        LogRefused(logger, component, reason, context.Request.Path.Value ?? "");
    }

    // The same link the 401 carries, so a client that only sees the 403 can still find the authorization server.
    private string ResourceMetadata(HttpContext context) =>
        publishesResourceMetadata
            ? $", resource_metadata=\"{context.Request.Scheme}://{context.Request.Host}{InboundAuth.ResourceMetadataPath}{context.Request.Path}\""
            : "";

    private static Task WriteErrorAsync(HttpContext context, string message) =>
        context.Response.HasStarted
            ? Task.CompletedTask
            : HttpJson.WriteAsync(context.Response, new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = null,
                ["error"] = new JsonObject { ["code"] = -32001, ["message"] = message },
            });

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request to {Component} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string component, string reason, string path);
}
