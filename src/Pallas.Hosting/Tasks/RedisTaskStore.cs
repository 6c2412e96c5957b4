using System.Globalization;
using System.Net;
using System.Text.Json;
using StackExchange.Redis;

namespace Pallas.Hosting.Tasks;

/// <summary>
/// Tasks in Redis (<c>tasks.store: redis</c>), shared by every replica: a hash <c>pallas:task:{id}</c> with the wire
/// <c>status</c> and the whole record as <c>json</c>, expiring <c>ttl</c> after its last change. Every change is a Lua
/// compare-and-set from <c>working</c>, and a cancel that wins publishes the id on <c>pallas:task-cancel</c> in the same
/// atomic step, so each replica (this one included, through its own subscription) raises <see cref="CancelRequested"/>.
/// </summary>
internal sealed class RedisTaskStore : ITaskStore
{
    private const string KeyPrefix = "pallas:task:";
    private const int DefaultPort = 6379;
    private const int TimeoutMs = 3000;

    private static readonly RedisChannel CancelChannel = RedisChannel.Literal("pallas:task-cancel");

    // KEYS[1] the task; ARGV: status, json, time to live in ms. A create never overwrites: an existing key can only be
    // a retried create (ids are 128 random bits), and it must not undo a cancel that came in meanwhile.
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'status', ARGV[1], 'json', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    // KEYS[1] the task; ARGV: status, json, time to live in ms. Only a working task changes: an ended one (a cancel
    // that won, whichever replica) stays as it is, and a missing one (expired) is not brought back.
    private const string UpdateScript = """
        if redis.call('HGET', KEYS[1], 'status') ~= 'working' then return 0 end
        redis.call('HSET', KEYS[1], 'status', ARGV[1], 'json', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    // KEYS[1] the task; ARGV: the json read (still working), the cancelled json, time to live in ms, channel, id.
    // Comparing the whole record, not only the status, keeps a status message written since the read from being lost:
    // the caller reads again and retries. The PUBLISH is in the script so that a cancel that wins is always announced.
    private const string CancelScript = """
        if redis.call('HGET', KEYS[1], 'status') ~= 'working' or redis.call('HGET', KEYS[1], 'json') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'status', 'cancelled', 'json', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return 1
        """;

    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly TimeProvider _time;
    private readonly string _where;
    private readonly string? _password;
    private readonly Action<RedisChannel, RedisValue> _onCancel;

    private RedisTaskStore(ConnectionMultiplexer redis, TimeProvider time, string where, string? password)
    {
        _redis = redis;
        _db = redis.GetDatabase();
        _time = time;
        _where = where;
        _password = password;
        _onCancel = (_, id) =>
        {
            if (!id.IsNullOrEmpty)
            {
                CancelRequested?.Invoke(id.ToString());
            }
        };
    }

    public event Action<string>? CancelRequested;

    /// <summary>
    /// Connects to <paramref name="redisUrl"/> (<c>redis://[[user]:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS)
    /// and subscribes to the cancel channel. Returns even when Redis is down: the connection comes up by itself later,
    /// and meanwhile new tasks are refused with <see cref="TaskStoreUnavailableException"/>.
    /// </summary>
    public static async Task<RedisTaskStore> ConnectAsync(Uri redisUrl, TimeProvider? time, CancellationToken cancellationToken)
    {
        var options = ToOptions(redisUrl);
        // Not WaitAsync(cancellationToken): the connect is bounded by ConnectTimeout, and a multiplexer abandoned
        // half-way would keep reconnecting with nobody to dispose it.
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var store = new RedisTaskStore(redis, time ?? TimeProvider.System, Describe(redisUrl), options.Password);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await store.SubscribeAsync();
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>The client options for a <c>redis://</c> or <c>rediss://</c> URL; the password goes only into the options.</summary>
    internal static ConfigurationOptions ToOptions(Uri redisUrl)
    {
        ArgumentNullException.ThrowIfNull(redisUrl);
        // Messages name the URL without its user info: it may hold the password.
        if (!redisUrl.IsAbsoluteUri || redisUrl.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(redisUrl.Host))
        {
            throw new ArgumentException("tasks.redis_url must look like redis://[:password@]host[:port][/db] (rediss:// for TLS).", nameof(redisUrl));
        }

        var options = new ConfigurationOptions
        {
            // Pallas starts while Redis is down and reconnects by itself; until then new tasks are refused.
            AbortOnConnectFail = false,
            // A tools/call that cannot create its task should hear so at once, not after a queue times out.
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = TimeoutMs,
            SyncTimeout = TimeoutMs,
            AsyncTimeout = TimeoutMs,
            // Back off while Redis is down, but never longer than 5 s, so that a restarted Redis is found soon.
            ReconnectRetryPolicy = new ExponentialRetry(500, 5000),
            ClientName = "pallas",
            Ssl = redisUrl.Scheme == "rediss",
        };

        var port = redisUrl.IsDefaultPort || redisUrl.Port < 0 ? DefaultPort : redisUrl.Port;
        var host = redisUrl.DnsSafeHost;
        if (IPAddress.TryParse(host, out var address))
        {
            options.EndPoints.Add(new IPEndPoint(address, port));
        }
        else
        {
            options.EndPoints.Add(host, port);
        }

        if (options.Ssl)
        {
            options.SslHost = host;
        }

        if (redisUrl.UserInfo.Length > 0)
        {
            // user:password (Redis 6 ACL) or :password; a lone word is the password, as Redis before 6 had no users.
            var colon = redisUrl.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = colon < 0 ? "" : Uri.UnescapeDataString(redisUrl.UserInfo[..colon]);
            var password = Uri.UnescapeDataString(colon < 0 ? redisUrl.UserInfo : redisUrl.UserInfo[(colon + 1)..]);
            options.User = user.Length > 0 ? user : null;
            options.Password = password.Length > 0 ? password : null;
        }

        var database = redisUrl.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            if (!int.TryParse(database, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
            {
                throw new ArgumentException($"tasks.redis_url: the path must be a database number (redis://{Describe(redisUrl)}/0), not '/{database}'.", nameof(redisUrl));
            }

            options.DefaultDatabase = db;
        }

        return options;
    }

    public async Task CreateAsync(AgentTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        await RunAsync(
            () => _db.ScriptEvaluateAsync(CreateScript, [Key(task.TaskId)], [WireStatus(task.Status), Serialize(task), TimeToLiveMs(task)]),
            cancellationToken);
    }

    public async Task<AgentTask?> GetAsync(string taskId, CancellationToken cancellationToken)
    {
        var json = await RunAsync(() => _db.HashGetAsync(Key(taskId), "json"), cancellationToken);
        return json.IsNull ? null : Deserialize(json);
    }

    public async Task<bool> UpdateAsync(AgentTask next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var result = await RunAsync(
            () => _db.ScriptEvaluateAsync(UpdateScript, [Key(next.TaskId)], [WireStatus(next.Status), Serialize(next), TimeToLiveMs(next)]),
            cancellationToken);
        return (int)result == 1;
    }

    public async Task<AgentTask?> CancelAsync(string taskId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = Key(taskId);
        while (true)
        {
            var stored = await RunAsync(() => _db.HashGetAsync(key, "json"), cancellationToken);
            if (stored.IsNull)
            {
                return null;
            }

            var current = Deserialize(stored);
            if (current.IsTerminal)
            {
                return current;
            }

            var cancelled = current with { Status = AgentTaskStatus.Cancelled, LastUpdatedAt = now };
            var won = await RunAsync(
                () => _db.ScriptEvaluateAsync(CancelScript, [key], [stored, Serialize(cancelled), TimeToLiveMs(cancelled), CancelChannel.ToString(), taskId]),
                cancellationToken);
            if ((int)won == 1)
            {
                // CancelRequested is raised by the subscription, here as on every other replica, not a second time here.
                return cancelled;
            }

            // The task changed since the read: it ended (return it as it is now) or has a new status message (cancel that).
        }
    }

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(() => _db.PingAsync(), cancellationToken);
            return null;
        }
        catch (TaskStoreUnavailableException unavailable)
        {
            return unavailable.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _redis.GetSubscriber().UnsubscribeAsync(CancelChannel, _onCancel);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            // Redis is down: there is nothing to unsubscribe from, and the connection goes away just below.
        }

        await _redis.DisposeAsync();
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(CancelChannel, _onCancel);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            // Redis is down at start: the multiplexer keeps the subscription and makes it when it connects.
        }
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> command, CancellationToken cancellationToken)
    {
        try
        {
            // The client takes no token: the command stays bounded by AsyncTimeout, the caller stops waiting now.
            return await command().WaitAsync(cancellationToken);
        }
        catch (RedisConnectionException e)
        {
            throw Unavailable(IsAuthenticationFailure(e) ? "authentication failed (check the user and password)" : "no connection", e);
        }
        catch (RedisTimeoutException e)
        {
            throw Unavailable($"no answer within {TimeoutMs} ms", e);
        }
    }

    // "No connection is available" wraps why the last connect failed; a wrong password is the one cause worth naming.
    private static bool IsAuthenticationFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure })
            {
                return true;
            }
        }

        return false;
    }

    private TaskStoreUnavailableException Unavailable(string reason, Exception cause)
    {
        var message = $"the task store (Redis at {_where}) is not reachable: {reason}; start Redis or fix tasks.redis_url";
        // The client's own messages name endpoints and commands, not the password; they are kept for the logs only
        // if that holds, so a secret can never reach a log through the inner exception.
        return _password is { Length: > 0 } password && cause.ToString().Contains(password, StringComparison.Ordinal)
            ? new TaskStoreUnavailableException(message)
            : new TaskStoreUnavailableException(message, cause);
    }

    private static RedisKey Key(string taskId) => KeyPrefix + taskId;

    // Relative to this process's clock (the one that set LastUpdatedAt), so that clock skew with the Redis host does not
    // shorten or stretch a task's life; at least 1 ms, since PEXPIRE 0 would delete the key being written.
    private long TimeToLiveMs(AgentTask task) =>
        Math.Max(1, (long)Math.Ceiling((task.ExpiresAt - _time.GetUtcNow()).TotalMilliseconds));

    private static string Serialize(AgentTask task) => JsonSerializer.Serialize(task, TaskJsonContext.Default.AgentTask);

    private static AgentTask Deserialize(RedisValue json) =>
        JsonSerializer.Deserialize((string)json!, TaskJsonContext.Default.AgentTask)
        ?? throw new JsonException("The stored task is 'null'.");

    private static string WireStatus(AgentTaskStatus status) => status switch
    {
        AgentTaskStatus.Working => "working",
        AgentTaskStatus.Completed => "completed",
        AgentTaskStatus.Failed => "failed",
        AgentTaskStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    // host:port without the user info, for messages.
    private static string Describe(Uri redisUrl) =>
        $"{redisUrl.Host}:{(redisUrl.IsDefaultPort || redisUrl.Port < 0 ? DefaultPort : redisUrl.Port)}";
}
