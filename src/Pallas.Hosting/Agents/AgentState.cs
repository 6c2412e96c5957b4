using Pallas.Agents.Runtime;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Providers.Preflight;

namespace Pallas.Hosting.Agents;

/// <summary>What hosting knows about one running agent: its runtime, preflight, port and readiness.</summary>
internal sealed class AgentState(AgentDefinition definition, IAgentRuntime runtime, PreflightResult? preflight, TimeProvider time)
{
    // Keyed so a problem that goes away (a dependency that answered late) can be cleared; in the order they arose.
    private readonly List<KeyValuePair<string, string>> _problems = [];
    private volatile bool _ready;

    public AgentDefinition Definition { get; } = definition;

    public IAgentRuntime Runtime { get; } = runtime;

    public string Name => Definition.Name;

    /// <summary>The cached preflight of the agent's provider; <see langword="null"/> when none applies (bedrock, offline).</summary>
    public PreflightResult? Preflight { get; } = preflight;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>The port actually bound (differs from the configured one only when that is 0).</summary>
    public int BoundPort { get; set; } = definition.Deployment.Port;

    /// <summary>Whether the endpoint listens and the runtime started.</summary>
    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    /// <summary>Records, or rewords, a problem that leaves the agent running but degraded (e.g. a dependency that does not answer).</summary>
    /// <param name="key">What the problem is about; setting it again replaces the text.</param>
    /// <param name="problem">The reason, as health reports it.</param>
    public void SetProblem(string key, string problem)
    {
        lock (_problems)
        {
            var index = _problems.FindIndex(pair => pair.Key == key);
            if (index >= 0)
            {
                _problems[index] = new(key, problem);
            }
            else
            {
                _problems.Add(new(key, problem));
            }
        }
    }

    /// <summary>Removes the problem recorded under <paramref name="key"/>, if any.</summary>
    public void ClearProblem(string key)
    {
        lock (_problems)
        {
            _problems.RemoveAll(pair => pair.Key == key);
        }
    }

    /// <summary>Why the agent is not fully healthy; empty when it is.</summary>
    public IReadOnlyList<string> Reasons()
    {
        List<string> reasons = [];
        if (!IsReady)
        {
            reasons.Add($"agent '{Name}' is starting");
        }

        if (Preflight is { Ok: false } failed)
        {
            reasons.Add($"{failed.Provider} preflight failed: {failed.Detail}");
        }

        lock (_problems)
        {
            reasons.AddRange(_problems.Select(pair => pair.Value));
        }

        return reasons;
    }

    /// <summary><c>healthy</c>, <c>degraded</c> or <c>starting</c>, as published in the registry.</summary>
    public string Status => !IsReady ? "starting" : Reasons().Count == 0 ? "healthy" : "degraded";

    public string ProviderName => Definition.Model.Provider.ToConfigName();
}
