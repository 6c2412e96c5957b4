using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pallas.Configuration.Deployment;
using Pallas.Hosting.Agents;

namespace Pallas.Hosting.Registry;

/// <summary>
/// Builds <c>/.well-known/mcp/server.json</c>: the project's name and version plus one entry per agent that is valid
/// against the official MCP <c>server.json</c> schema (2025-09-29).
/// </summary>
internal static partial class RegistryDocument
{
    public const string SchemaUrl = "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json";
    public const int MaxDescriptionLength = 100;

    public static JsonObject Build(DeploymentConfig deployment, IEnumerable<AgentState> agents)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(agents);
        return new JsonObject
        {
            ["name"] = deployment.Name,
            ["version"] = deployment.Version,
            ["servers"] = new JsonArray(agents.Select(agent => (JsonNode?)Entry(deployment, agent)).ToArray()),
        };
    }

    /// <summary>One agent's <c>server.json</c> entry.</summary>
    public static JsonObject Entry(DeploymentConfig deployment, AgentState agent)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(agent);
        var definition = agent.Definition;
        var capabilities = definition.Capabilities;
        return new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["name"] = ServerName(deployment.Namespace, agent.Name),
            ["title"] = definition.Deployment.Title,
            ["description"] = Truncate(definition.Deployment.Description ?? definition.Card.Description ?? $"{definition.Deployment.Title}: a Pallas agent served over MCP."),
            ["version"] = deployment.Version,
            ["remotes"] = new JsonArray(new JsonObject
            {
                ["type"] = "streamable-http",
                ["url"] = NetworkAddress.HttpUrl(deployment.Host, agent.BoundPort, AgentApplication.McpPath),
            }),
            ["_meta"] = new JsonObject
            {
                ["pallas"] = new JsonObject
                {
                    ["agent"] = agent.Name,
                    ["model"] = definition.Model.ToString(),
                    ["provider"] = agent.ProviderName,
                    ["model_capabilities"] = new JsonObject
                    {
                        ["vision"] = capabilities.Vision,
                        ["context_window"] = capabilities.ContextWindow,
                        ["max_output_tokens"] = capabilities.MaxOutputTokens,
                    },
                    ["status"] = agent.Status,
                },
            },
        };
    }

    /// <summary><c>namespace/agent</c>, with characters the schema's name pattern refuses replaced by '-'.</summary>
    public static string ServerName(string @namespace, string agent) =>
        $"{NamespaceForbidden().Replace(@namespace, "-")}/{AgentForbidden().Replace(agent, "-")}";

    /// <summary>Cuts a description to the schema's 100 characters, marking the cut with an ellipsis.</summary>
    public static string Truncate(string description)
    {
        var text = string.Join(' ', description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return "A Pallas agent.";
        }

        return text.Length <= MaxDescriptionLength ? text : string.Concat(text.AsSpan(0, MaxDescriptionLength - 1).TrimEnd(), "…");
    }

    [GeneratedRegex("[^a-zA-Z0-9.-]")]
    private static partial Regex NamespaceForbidden();

    [GeneratedRegex("[^a-zA-Z0-9._-]")]
    private static partial Regex AgentForbidden();
}
