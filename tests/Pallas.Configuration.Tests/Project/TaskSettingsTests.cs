using Pallas.Configuration.Tasks;

namespace Pallas.Configuration.Tests.Project;

public sealed class TaskSettingsTests
{
    private static TempProject WithTasks(string tasks) =>
        new TempProject().With("agents.yaml", ProjectLoaderTests.OneAgent + "\ntasks:\n" + tasks).With("fastagent.config.yaml", "default_model: passthrough\n").With("agents/jarvis.md", "hi");

    [Fact]
    public void Load_NoTasksBlock_IsMemoryWithTheDefaults()
    {
        using var project = new TempProject().With("agents.yaml", ProjectLoaderTests.OneAgent).With("fastagent.config.yaml", "default_model: passthrough\n").With("agents/jarvis.md", "hi");

        var tasks = project.Load().GetProjectOrThrow().Deployment.Tasks;

        Assert.Equal(new TaskSettings { Store = TaskStoreKind.Memory, TimeToLive = TimeSpan.FromHours(1), PollInterval = TimeSpan.FromSeconds(1) }, tasks);
    }

    [Fact]
    public void Load_RedisStore_SubstitutesTheUrlFromTheEnvironment()
    {
        using var project = WithTasks("  store: redis\n  redis_url: \"${REDIS_URL}\"\n  ttl: 600\n  poll_interval: 0.5\n");
        project.Environment["REDIS_URL"] = "redis://:s3cret@cache.internal:6380/2";

        var tasks = project.Load().GetProjectOrThrow().Deployment.Tasks;

        Assert.Equal(TaskStoreKind.Redis, tasks.Store);
        Assert.Equal(new Uri("redis://:s3cret@cache.internal:6380/2"), tasks.RedisUrl);
        Assert.Equal(TimeSpan.FromMinutes(10), tasks.TimeToLive);
        Assert.Equal(TimeSpan.FromMilliseconds(500), tasks.PollInterval);
    }

    [Fact]
    public void Load_RedisWithoutUrl_IsAnErrorAtStore()
    {
        using var project = WithTasks("  store: redis\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents.yaml", 10, "tasks.store"), (error.File, error.Line, error.Key));
        Assert.Contains("store: redis needs redis_url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MisspelledStore_SuggestsTheName()
    {
        using var project = WithTasks("  store: rediss\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal("tasks.store", error.Key);
        Assert.Equal("'rediss' is not a task store; did you mean 'redis'? use memory (one process) or redis (shared by replicas).", error.Message);
    }

    [Fact]
    public void Load_UrlVariableNotSet_IsAnErrorNamingTheVariable()
    {
        using var project = WithTasks("  store: redis\n  redis_url: \"${REDIS_URL}\"\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents.yaml", 11, "tasks.redis_url"), (error.File, error.Line, error.Key));
        Assert.StartsWith("${REDIS_URL} is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UrlThatIsNotRedis_IsAnErrorThatDoesNotEchoThePassword()
    {
        using var project = WithTasks("  store: redis\n  redis_url: \"http://:hunter2@cache:6379\"\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal("tasks.redis_url", error.Key);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("is not a Redis URL; write redis://host:6379/0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MisspelledKey_IsAWarningWithTheKnownKey()
    {
        using var project = WithTasks("  tll: 60\n");

        var warning = Assert.Single(project.Load().Warnings, w => w.Key.StartsWith("tasks", StringComparison.Ordinal));

        Assert.Equal("tasks.tll", warning.Key);
        Assert.Contains("ttl", warning.Message, StringComparison.Ordinal);
    }
}
