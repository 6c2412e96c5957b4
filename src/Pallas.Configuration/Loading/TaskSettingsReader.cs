using Pallas.Configuration.Diagnostics;
using Pallas.Configuration.Tasks;

namespace Pallas.Configuration.Loading;

/// <summary>Reads and validates the <c>tasks:</c> block of agents.yaml (CONTRACT §12).</summary>
internal static class TaskSettingsReader
{
    private static readonly string[] Keys = ["store", "redis_url", "ttl", "poll_interval"];
    private static readonly string[] StoreNames = ["memory", "redis"];

    /// <param name="environment">Lookup for <c>${VAR}</c> in <c>redis_url</c>, which usually carries a password.</param>
    public static TaskSettings Read(YamlMap? map, Func<string, string?> environment, DiagnosticBag diagnostics)
    {
        if (map is null)
        {
            return new TaskSettings();
        }

        map.WarnUnknownKeys(Keys, "tasks");
        var store = ReadStore(map, diagnostics);
        var redisUrl = ReadRedisUrl(map, environment, diagnostics);
        if (store == TaskStoreKind.Redis && redisUrl is null && !map.Has("redis_url"))
        {
            diagnostics.Error(map.At("store"), "store: redis needs redis_url, e.g. redis_url: \"${REDIS_URL}\" with REDIS_URL=redis://localhost:6379/0 in .env.");
        }
        else if (store == TaskStoreKind.Memory && map.Has("redis_url"))
        {
            diagnostics.Warning(map.At("redis_url"), "is ignored because the task store is memory; add store: redis to keep tasks in Redis.");
        }

        return new TaskSettings
        {
            Store = store,
            RedisUrl = store == TaskStoreKind.Redis ? redisUrl : null,
            TimeToLive = map.Seconds("ttl") ?? TaskSettings.DefaultTimeToLive,
            PollInterval = map.Seconds("poll_interval") ?? TaskSettings.DefaultPollInterval,
        };
    }

    private static TaskStoreKind ReadStore(YamlMap map, DiagnosticBag diagnostics)
    {
        switch (map.String("store"))
        {
            case null or "memory":
                return TaskStoreKind.Memory;
            case "redis":
                return TaskStoreKind.Redis;
            case var other:
                var hint = Spelling.Closest(other, StoreNames) is { } near ? $"did you mean '{near}'? " : "";
                diagnostics.Error(map.At("store"), $"'{other}' is not a task store; {hint}use memory (one process) or redis (shared by replicas).");
                return TaskStoreKind.Memory;
        }
    }

    private static Uri? ReadRedisUrl(YamlMap map, Func<string, string?> environment, DiagnosticBag diagnostics)
    {
        if (map.String("redis_url") is not { } written)
        {
            return null;
        }

        if (DeploymentSecrets.Substitute(written, map.At("redis_url"), environment, diagnostics, "redis://localhost:6379/0") is not { } text)
        {
            return null;
        }

        // The value may hold a password: the messages below name its parts, never the text.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(url.Host))
        {
            diagnostics.Error(map.At("redis_url"), "is not a Redis URL; write redis://host:6379/0 (or rediss:// for TLS), with the password as redis://:PASSWORD@host:6379/0.");
            return null;
        }

        if (url.AbsolutePath.Trim('/') is { Length: > 0 } db && !int.TryParse(db, out _))
        {
            diagnostics.Error(map.At("redis_url"), $"the database '{db}' is not a number; write redis://host:6379/0.");
            return null;
        }

        return url;
    }
}
