namespace Pallas.Configuration.Tasks;

/// <summary>The <c>tasks:</c> block of agents.yaml: the MCP Tasks extension (CONTRACT §12).</summary>
public sealed record TaskSettings
{
    /// <summary>How long a task is kept after its last change, unless set: one hour.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromHours(1);

    /// <summary>The polling interval suggested to clients, unless set: one second.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Where tasks are kept.</summary>
    public TaskStoreKind Store { get; init; } = TaskStoreKind.Memory;

    /// <summary>The Redis connection (<c>redis://host:port/db</c>); set exactly when <see cref="Store"/> is Redis.</summary>
    public Uri? RedisUrl { get; init; }

    /// <summary>How long a task and its result are kept after its last change (<c>ttl</c>, seconds).</summary>
    public TimeSpan TimeToLive { get; init; } = DefaultTimeToLive;

    /// <summary>How often clients are told to poll <c>tasks/get</c> (<c>poll_interval</c>, seconds).</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;
}
