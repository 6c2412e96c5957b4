using System.Text.Json.Nodes;
using Pallas.Agents.Runtime;
using Pallas.Hosting.Http;

namespace Pallas.Hosting.Agents;

/// <summary>Builds the <c>get_health</c> document (no LLM call): preflight, downstream servers, uptime.</summary>
internal static class AgentHealthReport
{
    /// <summary>The report; <c>degraded</c> when the preflight failed, a problem is recorded (a dependency not answering) or any server is not ok (still connecting, or in error).</summary>
    /// <param name="tasks">The task store's state (<see cref="Tasks.TaskCoordinator.HealthAsync"/>), reported beside the status.</param>
    public static JsonObject Build(AgentState agent, string version, IReadOnlyList<DownstreamServerHealth> servers, string? serversError, JsonObject tasks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(servers);

        var degraded = agent.Preflight is { Ok: false } || servers.Any(server => !server.Ok) || serversError is not null || agent.Reasons().Count > 0;
        var report = new JsonObject
        {
            ["status"] = degraded ? "degraded" : "healthy",
            ["agent"] = agent.Name,
            ["version"] = version,
            ["uptime_seconds"] = Math.Round(Math.Max(0, (now - agent.StartedAt).TotalSeconds), 3),
            ["model"] = agent.Definition.Model.ToString(),
        };

        if (agent.Preflight is { } preflight)
        {
            report["llm"] = new JsonObject
            {
                ["provider"] = preflight.Provider,
                ["status"] = preflight.Ok ? "ok" : "error",
                ["detail"] = preflight.Detail,
                ["checked_at"] = HttpJson.Timestamp(preflight.CheckedAt),
            };
        }

        report["servers"] = new JsonArray(servers.Select(ToJson).ToArray<JsonNode?>());
        report["tasks"] = tasks;
        var reasons = agent.Reasons();
        if (serversError is not null)
        {
            reasons = [.. reasons, serversError];
        }

        if (reasons.Count > 0)
        {
            report["reasons"] = new JsonArray(reasons.Select(reason => (JsonNode?)reason).ToArray());
        }

        return report;
    }

    private static JsonObject ToJson(DownstreamServerHealth server) => new()
    {
        ["name"] = server.Name,
        ["transport"] = server.Transport,
        ["status"] = server.Status switch
        {
            DownstreamServerStatus.Ok => "ok",
            DownstreamServerStatus.Connecting => "connecting",
            _ => "error",
        },
        ["tools"] = server.Tools,
        ["latency_ms"] = server.LatencyMs is { } latency ? Math.Round(latency, 3) : null,
        ["error"] = server.Error,
    };
}
