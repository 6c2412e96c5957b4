using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Logging;
using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Settings;

namespace Pallas.Agents.Downstream;

/// <summary>
/// The process-wide connection to one downstream MCP server: connects once, keeps the tools it advertised, and
/// reconnects in the background (with backoff) after a failed start or a broken session.
/// </summary>
internal sealed class DownstreamConnection : IAsyncDisposable
{
    private static readonly Implementation ClientInfo = new()
    {
        Name = "pallas",
        Version = typeof(DownstreamConnection).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
    };

    private readonly McpServerSettings _settings;
    private readonly string _projectDirectory;
    private readonly DownstreamPoolOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly HttpClient? _httpClient;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private DownstreamSession? _session;
    private IReadOnlyList<Tool> _knownTools = [];
    private string? _knownInstructions;
    private string? _lastError = "not connected yet";
    private Task<DownstreamSession>? _connecting;
    private Task? _reconnectLoop;
    private Task? _firstAttempt;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly SubAgentRelay? _relay;

    public DownstreamConnection(McpServerSettings settings, string projectDirectory, DownstreamPoolOptions options, ILoggerFactory loggerFactory, SubAgentRelay? relay = null)
    {
        _relay = relay;
        _settings = settings;
        _projectDirectory = projectDirectory;
        _options = options;
        _loggerFactory = new McpClientLogFilter(loggerFactory);
        _logger = loggerFactory.CreateLogger<DownstreamServerPool>();
        _httpClient = DownstreamTransports.CreateHttpClient(settings);
    }

    public string Name => _settings.Name;

    public McpServerSettings Settings => _settings;

    public string TransportName => _settings.Transport switch
    {
        McpTransport.Stdio => "stdio",
        McpTransport.Sse => "sse",
        _ => "http",
    };

    /// <summary>The tools advertised at the last successful connect (kept while reconnecting so calls can trigger a reconnect).</summary>
    public IReadOnlyList<Tool> Tools => Volatile.Read(ref _knownTools);

    /// <summary>The server's <c>instructions</c> from its last successful connect.</summary>
    public string? Instructions => Volatile.Read(ref _knownInstructions);

    public bool IsConnected => Volatile.Read(ref _session) is not null;

    public string? LastError => Volatile.Read(ref _lastError);

    private TimeSpan ReadTimeout => _settings.ReadTimeout ?? _options.DefaultReadTimeout;

    /// <summary>Completes when a session is up (now, or after the background reconnect succeeds).</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Begins the first connection attempt in the background and returns at once (a server that takes 30 s to answer
    /// must not hold up any agent's start-up); a failure is logged, kept for health, and retried. Idempotent.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_firstAttempt is null && !_stopping.IsCancellationRequested)
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _firstAttempt = Task.Run(FirstAttemptAsync);
                }
            }
        }
    }

    /// <summary>Whether the first connection attempt is still under way.</summary>
    public bool IsConnecting => Volatile.Read(ref _firstAttempt) is { IsCompleted: false };

    /// <summary>
    /// Completes when the first connection attempt has ended, well or not (at once if it has, or never began), so a
    /// turn sees the tools of a server that is still starting; bounded by <see cref="DownstreamPoolOptions.ConnectTimeout"/>.
    /// </summary>
    public Task WaitForFirstAttemptAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _firstAttempt)?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    private async Task FirstAttemptAsync()
    {
        try
        {
            await EnsureConnectedAsync(_stopping.Token);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Stopped before the server answered: nothing to report.
        }
        catch (Exception exception)
        {
            DownstreamLog.ConnectFailed(_logger, Name, OneLine(exception));
            ScheduleReconnect();
        }
    }

    /// <summary>Calls a tool within <c>read_timeout_seconds</c>; a broken session becomes a <see cref="DownstreamToolException"/> and a background reconnect.</summary>
    /// <param name="tool">The tool's name on the server.</param>
    /// <param name="arguments">The tool's arguments.</param>
    /// <param name="relay">The calling turn's relay route for chunks of a downstream Pallas agent, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<DownstreamToolResult> CallToolAsync(string tool, IReadOnlyDictionary<string, object?> arguments, SubAgentRelay.Registration? relay, CancellationToken cancellationToken)
    {
        DownstreamSession session;
        try
        {
            session = await EnsureConnectedAsync(cancellationToken, ownAttemptIfJoinedFails: true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            ScheduleReconnect();
            throw new DownstreamToolException($"MCP server '{Name}' is unavailable: {OneLine(exception)}", exception);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            var options = relay is null ? null : new RequestOptions { Meta = relay.Meta };
            var result = await session.Client.CallToolAsync(tool, arguments, options: options, cancellationToken: timeout.Token);
            if (relay is not null && result.Meta?[AssistantChunkWire.RelayedChunksMeta] is JsonValue sent && sent.TryGetValue<int>(out var count))
            {
                await relay.WaitForChunksAsync(count, cancellationToken);
            }

            return ToolResultText.From(result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException exception)
        {
            throw new DownstreamToolException(
                $"MCP server '{Name}' did not answer '{tool}' within {ReadTimeout.TotalSeconds:0.#} s (read_timeout_seconds).", exception);
        }
        catch (McpProtocolException exception)
        {
            // The server answered with a JSON-RPC error: the session is fine, the call is not.
            return new DownstreamToolResult($"MCP server '{Name}' rejected '{tool}': {OneLine(exception)}", IsError: true);
        }
        catch (Exception exception)
        {
            MarkBroken(session, exception);
            throw new DownstreamToolException($"MCP server '{Name}' failed during '{tool}': {OneLine(exception)}", exception);
        }
    }

    /// <summary>Probes the server with <c>ping</c>; returns its status, the latency, or the reason it is not ok.</summary>
    public async Task<(DownstreamServerStatus Status, double? LatencyMs, string? Error)> PingAsync(CancellationToken cancellationToken)
    {
        var session = Volatile.Read(ref _session);
        if (session is null)
        {
            return IsConnecting
                ? (DownstreamServerStatus.Connecting, null, $"connecting (up to {_options.ConnectTimeout.TotalSeconds:0.#} s)")
                : (DownstreamServerStatus.Error, null, LastError ?? "not connected");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PingTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ProbeAsync(session.Client, timeout.Token);
            return (DownstreamServerStatus.Ok, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return (DownstreamServerStatus.Error, null, $"ping timed out after {_options.PingTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception exception)
        {
            MarkBroken(session, exception);
            return (DownstreamServerStatus.Error, null, OneLine(exception));
        }
    }

    // Newer protocol revisions drop 'ping' (stateless servers answer it with method-not-found, sometimes as an HTTP
    // 404); tools/list proves the same liveness on every revision.
    private static async Task ProbeAsync(McpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.PingAsync(cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await client.ListToolsAsync(cancellationToken: cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        DownstreamSession? session;
        Task? loop;
        Task<DownstreamSession>? connecting;
        Task? firstAttempt;
        lock (_gate)
        {
            session = _session;
            _session = null;
            loop = _reconnectLoop;
            connecting = _connecting;
            firstAttempt = _firstAttempt;
        }

        if (firstAttempt is not null)
        {
            await firstAttempt;
        }

        if (loop is not null)
        {
            await loop;
        }

        if (connecting is not null)
        {
            // Its outcome no longer matters; only that it stopped before the token source goes.
            await connecting.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            if (connecting.IsCompletedSuccessfully && !ReferenceEquals(connecting.Result, session))
            {
                await DisposeQuietlyAsync(connecting.Result.Client);
            }
        }

        if (session is not null)
        {
            await DisposeQuietlyAsync(session.Client);
        }

        _httpClient?.Dispose();
        _stopping.Dispose();
    }

    /// <param name="cancellationToken">Cancels the wait (not the attempt, which others may share).</param>
    /// <param name="ownAttemptIfJoinedFails">
    /// For a tool call: an attempt it joined may have started before the server came back (a background reconnect),
    /// so if that one fails the call makes one attempt of its own before giving up.
    /// </param>
    private async Task<DownstreamSession> EnsureConnectedAsync(CancellationToken cancellationToken, bool ownAttemptIfJoinedFails = false)
    {
        Task<DownstreamSession> connecting;
        var joined = false;
        lock (_gate)
        {
            if (_session is { } existing)
            {
                return existing;
            }

            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_connecting is null || _connecting.IsCompleted)
            {
                // Without the caller's execution context: the session outlives this call, and its background
                // requests must never carry this caller's bearer token.
                using (ExecutionContext.SuppressFlow())
                {
                    _connecting = Task.Run(() => ConnectOnceAsync(_stopping.Token));
                }
            }
            else
            {
                joined = true;
            }

            connecting = _connecting;
        }

        try
        {
            return await connecting.WaitAsync(cancellationToken);
        }
        catch (DownstreamToolException) when (joined && ownAttemptIfJoinedFails)
        {
            return await EnsureConnectedAsync(cancellationToken);
        }
    }

    private async Task<DownstreamSession> ConnectOnceAsync(CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.ConnectTimeout);
        McpClient? client = null;
        try
        {
            var transport = DownstreamTransports.Create(_settings, _projectDirectory, _httpClient, _options.ConnectTimeout, _loggerFactory);
            var clientOptions = new McpClientOptions { ClientInfo = ClientInfo, InitializationTimeout = _options.ConnectTimeout };
            if (_relay is { } relay)
            {
                // MCP9005: logging is deprecated only from spec 2026-07-28; Pallas agents relay chunks over it (CONTRACT §9).
#pragma warning disable MCP9005
                clientOptions.Handlers.NotificationHandlers =
                [
                    new(NotificationMethods.LoggingMessageNotification, (notification, token) => relay.ForwardAsync(Name, notification, token)),
                ];
#pragma warning restore MCP9005
            }

            client = await McpClient.CreateAsync(transport, clientOptions, _loggerFactory, timeout.Token);
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            var session = new DownstreamSession(client, [.. tools.Select(tool => tool.ProtocolTool)], client.ServerInstructions);
            lock (_gate)
            {
                _session = session;
                _knownTools = session.Tools;
                _knownInstructions = session.Instructions;
                _lastError = null;
                _connected.TrySetResult();
            }

            DownstreamLog.Connected(_logger, Name, TransportName, session.Tools.Count);
            _ = WatchAsync(session);
            return session;
        }
        catch (Exception exception)
        {
            if (client is not null)
            {
                await DisposeQuietlyAsync(client);
            }

            // Whatever the transport threw once the timer fired (a cancellation, or a socket's "Operation canceled"
            // IOException), the cause the user needs is the timeout.
            var error = timeout.IsCancellationRequested && !stopping.IsCancellationRequested
                ? $"did not connect within {_options.ConnectTimeout.TotalSeconds:0.#} s"
                : OneLine(exception);
            Volatile.Write(ref _lastError, error);
            throw new DownstreamToolException(error, exception);
        }
    }

    // A stdio process that exits (or an SSE stream that closes) ends the session: reconnect without waiting for a call to fail.
    private async Task WatchAsync(DownstreamSession session)
    {
        var details = await session.Client.Completion;
        if (!_stopping.IsCancellationRequested)
        {
            MarkBroken(session, details.Exception ?? new InvalidOperationException("the session ended"));
        }
    }

    private void MarkBroken(DownstreamSession session, Exception exception)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_session, session))
            {
                return;
            }

            _session = null;
            _lastError = OneLine(exception);
            _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        DownstreamLog.SessionBroken(_logger, Name, OneLine(exception));
        _ = DisposeQuietlyAsync(session.Client);
        ScheduleReconnect();
    }

    private void ScheduleReconnect()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || (_reconnectLoop is { IsCompleted: false }))
            {
                return;
            }

            using (ExecutionContext.SuppressFlow())
            {
                _reconnectLoop = Task.Run(ReconnectLoopAsync);
            }
        }
    }

    private async Task ReconnectLoopAsync()
    {
        var backoff = _options.InitialBackoff;
        while (!_stopping.IsCancellationRequested && !IsConnected)
        {
            try
            {
                await Task.Delay(backoff, _options.TimeProvider, _stopping.Token);
                await EnsureConnectedAsync(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception exception)
            {
                DownstreamLog.ReconnectFailed(_logger, Name, OneLine(exception), backoff.TotalSeconds);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
    }

    private static async Task DisposeQuietlyAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync();
        }
        catch (Exception)
        {
            // A client that is already broken may fail to close; there is nothing left to release.
        }
    }

    internal static string OneLine(Exception exception)
    {
        var message = exception is DownstreamToolException ? exception.Message : exception.GetBaseException().Message;
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
