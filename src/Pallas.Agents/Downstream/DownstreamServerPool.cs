using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pallas.Configuration.Settings;

namespace Pallas.Agents.Downstream;

/// <summary>
/// The process-wide downstream MCP connections, keyed by their <c>mcp.servers</c> name and shared by every agent
/// that lists them (one process or session per server, not per agent).
/// </summary>
public sealed class DownstreamServerPool : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, McpServerSettings> _servers;
    private readonly string _projectDirectory;
    private readonly DownstreamPoolOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentDictionary<string, Lazy<DownstreamConnection>> _connections = new(StringComparer.Ordinal);

    /// <summary>Creates the pool; nothing connects until <see cref="Start"/>.</summary>
    /// <param name="servers">The <c>mcp.servers</c> section.</param>
    /// <param name="projectDirectory">Base of relative stdio working directories.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="options">Timeouts and reconnect pacing (defaults when <see langword="null"/>).</param>
    public DownstreamServerPool(IReadOnlyDictionary<string, McpServerSettings> servers, string projectDirectory, ILoggerFactory loggerFactory, DownstreamPoolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(projectDirectory);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _servers = servers;
        _projectDirectory = projectDirectory;
        _loggerFactory = loggerFactory;
        _options = options ?? new DownstreamPoolOptions();
        Relay = new SubAgentRelay(loggerFactory.CreateLogger<DownstreamServerPool>());
    }

    /// <summary>The pool's timeouts.</summary>
    public DownstreamPoolOptions Options => _options;

    /// <summary>
    /// Begins connecting the named servers in the background, each bounded by <see cref="DownstreamPoolOptions.ConnectTimeout"/>,
    /// and returns at once; a server already started by another agent is not started twice. Failures are reported in
    /// health and retried in the background; this never throws for them.
    /// </summary>
    public void Start(IEnumerable<string> serverNames)
    {
        ArgumentNullException.ThrowIfNull(serverNames);
        foreach (var connection in serverNames.Select(Find).OfType<DownstreamConnection>())
        {
            connection.Start();
        }
    }

    /// <summary>Waits until the first connection attempt of each named server has ended, so their tools are known.</summary>
    internal Task WaitForFirstAttemptsAsync(IEnumerable<string> serverNames, CancellationToken cancellationToken) =>
        Task.WhenAll(serverNames.Select(Find).OfType<DownstreamConnection>().Select(connection => connection.WaitForFirstAttemptAsync(cancellationToken)));

    /// <summary>
    /// Connects the named servers exactly as serving does (same transports, same connect timeout), waits for each one's
    /// first attempt, and returns, in the order given, the tools each advertised or the one-line reason it failed.
    /// </summary>
    public async Task<IReadOnlyList<DownstreamToolList>> ListToolsAsync(IReadOnlyCollection<string> serverNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverNames);
        Start(serverNames);
        await WaitForFirstAttemptsAsync(serverNames, cancellationToken);
        return [.. serverNames.Select(name => Find(name) switch
        {
            null => new DownstreamToolList(name, [], $"'{name}' is not defined under mcp.servers"),
            { IsConnected: true } connection => new DownstreamToolList(name, [.. connection.Tools.Select(tool => tool.Name)], null),
            var connection => new DownstreamToolList(name, [], connection.LastError ?? "not connected"),
        })];
    }

    /// <summary>Routes chunks that downstream Pallas agents relay during a tool call back to the calling turn.</summary>
    internal SubAgentRelay Relay { get; }

    /// <summary>Disconnects every server.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value))
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>The connection of a configured server, created on first use; <see langword="null"/> if the name is not configured.</summary>
    internal DownstreamConnection? Find(string name) =>
        _servers.TryGetValue(name, out var settings)
            ? _connections.GetOrAdd(name, _ => new Lazy<DownstreamConnection>(() => new DownstreamConnection(settings with { Name = name }, _projectDirectory, _options, _loggerFactory, Relay))).Value
            : null;
}
