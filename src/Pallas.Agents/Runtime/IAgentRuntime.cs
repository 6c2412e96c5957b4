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

    /// <summary>
    /// Begins connecting downstream servers in the background and returns at once; a server that fails is reported and
    /// retried, never thrown. A turn that needs a server still connecting waits for it.
    /// </summary>
    void StartConnecting();

    /// <summary>Runs one turn: history + message through the tool loop, within the agent's limits. Never throws for provider or tool failures.</summary>
    Task<SendMessageResult> SendAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken);

    /// <summary>Probes each downstream server (no LLM call).</summary>
    Task<IReadOnlyList<DownstreamServerHealth>> GetServerHealthAsync(CancellationToken cancellationToken);
}
