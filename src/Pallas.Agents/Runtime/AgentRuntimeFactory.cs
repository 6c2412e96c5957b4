using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Pallas.Agents.Downstream;
using Pallas.Agents.Telemetry;
using Pallas.Configuration.Project;
using Pallas.Providers;
using Pallas.Agents.Pipeline;
using Pallas.Providers.Errors;

namespace Pallas.Agents.Runtime;

/// <summary>Creates agent runtimes for the host.</summary>
public static class AgentRuntimeFactory
{
    /// <summary>Creates the runtime of <paramref name="agent"/> (resolved and validated by the loader) with its provider's chat client.</summary>
    public static IAgentRuntime Create(PallasProject project, AgentDefinition agent, DownstreamServerPool pool, PallasMetrics metrics, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(agent);
        return new AgentRuntime(project, agent, pool, metrics, loggers, CreateProviderClient(project, agent, loggers), TimeProvider.System);
    }

    /// <summary>
    /// The provider's pipeline (capability guard, retries of transient failures, the adapter), built by
    /// <see cref="ProviderChatClientFactory"/>. It sits below the LLM metrics, so a retried call counts once.
    /// </summary>
    internal static IChatClient CreateProviderClient(PallasProject project, AgentDefinition agent, ILoggerFactory loggers)
    {
        try
        {
            return ProviderChatClientFactory.Create(agent.Model, agent.Capabilities, project.Settings, loggers);
        }
        catch (ProviderException exception)
        {
            // Startup never fails for a provider problem: every call reports it instead, and health shows it.
            return new FailingChatClient(exception);
        }
    }
}
