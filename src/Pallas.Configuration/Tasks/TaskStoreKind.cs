namespace Pallas.Configuration.Tasks;

/// <summary>Where MCP tasks are kept: <c>tasks.store</c> in agents.yaml.</summary>
public enum TaskStoreKind
{
    /// <summary><c>memory</c>: in this process (the default); a task lives as long as the process.</summary>
    Memory,

    /// <summary><c>redis</c>: in Redis, shared by every replica, so any of them can answer for any task.</summary>
    Redis,
}
