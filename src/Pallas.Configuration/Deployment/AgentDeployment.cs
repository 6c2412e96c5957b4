using Pallas.Configuration.Auth;
using Pallas.Configuration.Limits;
using Pallas.Configuration.Models;

namespace Pallas.Configuration.Deployment;

/// <summary>One entry of <c>agents</c> in <c>agents.yaml</c>.</summary>
public sealed record AgentDeployment
{
    /// <summary>Default for <see cref="MaxIterations"/>.</summary>
    public const int DefaultMaxIterations = 15;

    /// <summary>Default for <see cref="LoopRepeatThreshold"/>.</summary>
    public const int DefaultLoopRepeatThreshold = 3;

    /// <summary>Default for <see cref="StreamingTimeout"/>.</summary>
    public static readonly TimeSpan DefaultStreamingTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Default for <see cref="TurnTimeout"/>.</summary>
    public static readonly TimeSpan DefaultTurnTimeout = TimeSpan.FromSeconds(300);

    /// <summary>The key under <c>agents</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Dotted module path, e.g. <c>agents.jarvis</c>, resolved to an AgentCard file or folder.</summary>
    public required string Module { get; init; }

    /// <summary>Port of this agent's MCP endpoint.</summary>
    public required int Port { get; init; }

    /// <summary>Display name (default: the name in title case).</summary>
    public required string Title { get; init; }

    /// <summary>Registry description.</summary>
    public string? Description { get; init; }

    /// <summary>Agents that must answer MCP <c>initialize</c> before this one starts.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Model override; <see langword="null"/> uses the card's model, else <c>default_model</c>.</summary>
    public ModelSpec? Model { get; init; }

    /// <summary>Capability override for this agent's model.</summary>
    public ModelCapabilitiesOverride? ModelCapabilities { get; init; }

    /// <summary>Most LLM calls in one <c>send_message</c>.</summary>
    public int MaxIterations { get; init; } = DefaultMaxIterations;

    /// <summary>Longest idle time between streamed events from the model.</summary>
    public TimeSpan StreamingTimeout { get; init; } = DefaultStreamingTimeout;

    /// <summary>Wall-clock limit of one <c>send_message</c>.</summary>
    public TimeSpan TurnTimeout { get; init; } = DefaultTurnTimeout;

    /// <summary>Identical consecutive (tool, args) → result rounds before the loop guard stops; 0 disables it.</summary>
    public int LoopRepeatThreshold { get; init; } = DefaultLoopRepeatThreshold;

    /// <summary>How callers of this agent's <c>/mcp</c> are authenticated (the top-level <c>auth</c>, overridden per agent).</summary>
    public AuthSettings Auth { get; init; } = AuthSettings.None;

    /// <summary>What this agent accepts at once (the top-level <c>limits</c>, overridden per agent).</summary>
    public LimitSettings Limits { get; init; } = LimitSettings.None;
}
