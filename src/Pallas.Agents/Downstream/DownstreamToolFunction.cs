using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace Pallas.Agents.Downstream;

/// <summary>
/// A downstream MCP tool offered to the model as <c>&lt;server&gt;__&lt;tool&gt;</c>. It calls through the pool's
/// connection at invocation time, so a reconnected session is used transparently.
/// </summary>
internal sealed class DownstreamToolFunction(DownstreamConnection connection, Tool tool) : AIFunction
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public override string Name { get; } = ToolNaming.Namespaced(connection.Name, tool.Name);

    public override string Description => tool.Description ?? tool.Title ?? tool.Name;

    public override JsonElement JsonSchema => tool.InputSchema.ValueKind == JsonValueKind.Object ? tool.InputSchema : EmptyObjectSchema;

    /// <summary>The <c>mcp.servers</c> name of the server.</summary>
    public string ServerName => connection.Name;

    /// <summary>The tool's own name on its server.</summary>
    public string ToolName => tool.Name;

    /// <summary>Calls the tool on the calling turn's relay route, so a downstream Pallas agent's chunks reach the turn.</summary>
    public async Task<DownstreamToolResult> CallAsync(AIFunctionArguments arguments, SubAgentRelay.Registration? relay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var values = arguments.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return await connection.CallToolAsync(tool.Name, values, relay, cancellationToken);
    }

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        await CallAsync(arguments, relay: null, cancellationToken);
}
