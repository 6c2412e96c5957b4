using Pallas.Agents.Messaging;
using Pallas.Configuration.Project;

namespace Pallas.Agents.Runtime;

/// <summary>
/// One agent for the life of the process: its downstream MCP connections and model client. Each
/// <see cref="SendAsync"/> runs on a fresh conversation seeded from the request, so calls never share state.
/// </summary>
public interface IAgentRuntime : IAsyncDisposable
{
    /// <summary>The agent's resolved definition.</summary>
    AgentDefinition Definition { get; }

    /// <summary>Starts connecting downstream servers concurrently; a server that fails is reported and retried, never thrown.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Runs one turn: history + message through the tool loop, within the agent's limits. Never throws for provider or tool failures.</summary>
    Task<SendMessageResult> SendAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken);

    /// <summary>Probes each downstream server (no LLM call).</summary>
    Task<IReadOnlyList<DownstreamServerHealth>> GetServerHealthAsync(CancellationToken cancellationToken);
}
