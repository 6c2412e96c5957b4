using System.Text.Json.Nodes;
using Pallas.Hosting.Agents;
using Pallas.Hosting.Http;
using Pallas.Providers.Preflight;

namespace Pallas.Hosting.Registry;

/// <summary>Builds the <c>/healthz</c> bodies of the registry and of each agent port.</summary>
internal static class HealthDocument
{
    /// <summary>The registry's view: <c>ok</c> when every agent is ready and every preflight passed or does not apply.</summary>
    public static (bool Healthy, JsonObject Body) ForRegistry(string project, string version, IReadOnlyList<AgentState> agents, IReadOnlyCollection<PreflightResult> preflights, bool draining)
    {
        List<string> reasons = [];
        if (draining)
        {
            reasons.Add("shutting down");
        }

        reasons.AddRange(agents.SelectMany(agent => agent.Reasons().Select(reason => $"{agent.Name}: {reason}")));
        var healthy = reasons.Count == 0;
        var body = new JsonObject
        {
            ["status"] = healthy ? "ok" : "degraded",
            ["project"] = project,
            ["version"] = version,
            ["agents"] = new JsonArray(agents.Select(agent => (JsonNode?)new JsonObject
            {
                ["agent"] = agent.Name,
                ["status"] = agent.Status,
                ["port"] = agent.BoundPort,
            }).ToArray()),
            ["providers"] = new JsonArray(preflights.Select(result => (JsonNode?)ToJson(result)).ToArray()),
            ["reasons"] = new JsonArray(reasons.Select(reason => (JsonNode?)reason).ToArray()),
        };
        return (healthy, body);
    }

    /// <summary>
    /// One agent port's view: <c>ok</c> when the agent is ready and its preflight passed or does not apply; the task
    /// store's state (<paramref name="tasks"/>) is reported beside it and does not change it.
    /// </summary>
    public static (bool Healthy, JsonObject Body) ForAgent(AgentState agent, bool draining, JsonObject tasks)
    {
        ArgumentNullException.ThrowIfNull(agent);
        List<string> reasons = [.. agent.Reasons()];
        if (draining)
        {
            reasons.Insert(0, "shutting down");
        }

        var healthy = reasons.Count == 0;
        var body = new JsonObject
        {
            ["status"] = healthy ? "ok" : "degraded",
            ["agent"] = agent.Name,
            ["model"] = agent.Definition.Model.ToString(),
            ["llm"] = agent.Preflight is { } preflight ? ToJson(preflight) : null,
            ["tasks"] = tasks,
            ["reasons"] = new JsonArray(reasons.Select(reason => (JsonNode?)reason).ToArray()),
        };
        return (healthy, body);
    }

    private static JsonObject ToJson(PreflightResult result) => new()
    {
        ["provider"] = result.Provider,
        ["status"] = result.Ok ? "ok" : "error",
        ["detail"] = result.Detail,
        ["checked_at"] = HttpJson.Timestamp(result.CheckedAt),
    };
}
