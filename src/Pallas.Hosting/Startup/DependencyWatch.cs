using Microsoft.Extensions.Logging;
using Pallas.Hosting.Agents;

namespace Pallas.Hosting.Startup;

/// <summary>
/// Waits in the background for one dependency of an agent that runs in another process: the agent is degraded, with
/// the reason, until the dependency answers MCP <c>initialize</c>. Probing goes on after the first bound, so a
/// dependency that starts late still clears it.
/// </summary>
internal static partial class DependencyWatch
{
    /// <summary>Runs until the dependency answers or <paramref name="stopping"/> fires; never throws.</summary>
    public static async Task RunAsync(AgentState agent, string dependency, Uri url, TimeSpan timeout, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        agent.SetProblem(dependency, $"waiting for dependency '{dependency}' at {url}");
        LogWaiting(logger, agent.Name, dependency, url, timeout.TotalSeconds);
        try
        {
            var problem = await DependencyProbe.WaitForInitializeAsync(url, timeout, time, stopping);
            if (problem is not null)
            {
                agent.SetProblem(dependency, $"dependency '{dependency}' is not ready: {problem}");
                LogNotReady(logger, agent.Name, dependency, problem);
                while (problem is not null)
                {
                    problem = await DependencyProbe.WaitForInitializeAsync(url, timeout, time, stopping);
                }
            }

            agent.ClearProblem(dependency);
            LogAnswered(logger, agent.Name, dependency, url);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down before the dependency answered.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} is waiting for {Dependency} at {Url} (up to {TimeoutSeconds} s)")]
    private static partial void LogWaiting(ILogger logger, string agent, string dependency, Uri url, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} is degraded: dependency {Dependency} is not ready ({Problem}); still probing in the background")]
    private static partial void LogNotReady(ILogger logger, string agent, string dependency, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent}: dependency {Dependency} at {Url} answered")]
    private static partial void LogAnswered(ILogger logger, string agent, string dependency, Uri url);
}
