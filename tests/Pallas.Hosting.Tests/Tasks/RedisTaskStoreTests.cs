using System.Net;
using Pallas.Hosting.Tasks;
using Pallas.Tests.Shared;

namespace Pallas.Hosting.Tests.Tasks;

/// <summary>What only the Redis store does: replicas sharing tasks and cancels, passwords kept secret, Redis going away and back.</summary>
public sealed class RedisTaskStoreTests
{
    private const string Password = "s3cret-pw";

    // Generous: after a restart the client reconnects on its own back-off (at most 5 s between attempts).
    private static readonly TimeSpan ReconnectBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan EventBound = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoReplicas_ShareTasks_AndACancelOnOneIsRaisedOnBoth()
    {
        await using var server = await RedisServer.StartAsync();
        await using var a = await RedisTaskStore.ConnectAsync(server.Url(), TimeProvider.System, Token);
        await using var b = await RedisTaskStore.ConnectAsync(server.Url(), TimeProvider.System, Token);
        var raisedOnA = Raised(a);
        var raisedOnB = Raised(b);
        var task = NewTask();

        await a.CreateAsync(task, Token);
        Assert.Equal(task, await b.GetAsync(task.TaskId, Token));
        Assert.True(await b.UpdateAsync(task with { StatusMessage = "step 1" }, Token));
        Assert.Equal("step 1", (await a.GetAsync(task.TaskId, Token))?.StatusMessage);

        var cancelled = await b.CancelAsync(task.TaskId, DateTimeOffset.UtcNow, Token);

        Assert.Equal(AgentTaskStatus.Cancelled, cancelled?.Status);
        Assert.Equal(task.TaskId, await raisedOnA.Task.WaitAsync(EventBound, Token));
        Assert.Equal(task.TaskId, await raisedOnB.Task.WaitAsync(EventBound, Token));
        // The replica running the turn finishes late: its result must not overwrite the cancel.
        Assert.False(await a.UpdateAsync(task with { Status = AgentTaskStatus.Completed }, Token));
        Assert.Equal(AgentTaskStatus.Cancelled, (await a.GetAsync(task.TaskId, Token))?.Status);
    }

    [Fact]
    public async Task PasswordServer_WithThePassword_Works()
    {
        await using var server = await RedisServer.StartAsync(Password);
        await using var store = await RedisTaskStore.ConnectAsync(server.Url(), TimeProvider.System, Token);
        var task = NewTask();

        Assert.Null(await store.ProbeAsync(Token));
        await store.CreateAsync(task, Token);
        Assert.Equal(task, await store.GetAsync(task.TaskId, Token));
    }

    [Fact]
    public async Task PasswordServer_WithAWrongPassword_IsUnavailable_WithoutThePasswordInAnyText()
    {
        const string wrong = "wrong-pw-4711";
        await using var server = await RedisServer.StartAsync(Password);
        await using var store = await RedisTaskStore.ConnectAsync(server.Url(wrong), TimeProvider.System, Token);

        var reason = await store.ProbeAsync(Token);
        var refused = await Assert.ThrowsAsync<TaskStoreUnavailableException>(() => store.CreateAsync(NewTask(), Token));

        Assert.NotNull(reason);
        Assert.Contains($"127.0.0.1:{server.Port}", reason, StringComparison.Ordinal);
        Assert.Contains("authentication failed", reason, StringComparison.Ordinal);
        Assert.Contains("not reachable", refused.Message, StringComparison.Ordinal);
        AssertSecretFree(reason, wrong);
        AssertSecretFree(refused.ToString(), wrong);
    }

    [Fact]
    public async Task RedisDown_RefusesNewTasksAndSaysWhy_AndAfterARestartWorksAgain()
    {
        await using var server = await RedisServer.StartAsync(Password);
        await using var store = await RedisTaskStore.ConnectAsync(server.Url(), TimeProvider.System, Token);
        var before = NewTask();
        await store.CreateAsync(before, Token);

        await server.StopAsync();
        var refused = await Assert.ThrowsAsync<TaskStoreUnavailableException>(() => store.CreateAsync(NewTask(), Token));
        var reason = await store.ProbeAsync(Token);

        Assert.Contains("not reachable", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Redis at 127.0.0.1:{server.Port}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.NotNull(reason);
        Assert.Contains("not reachable", reason, StringComparison.Ordinal);
        AssertSecretFree(refused.ToString(), Password);
        AssertSecretFree(reason, Password);
        await Assert.ThrowsAsync<TaskStoreUnavailableException>(() => store.GetAsync(before.TaskId, Token));

        await server.RestartAsync();
        await WaitUntilAnswersAsync(store);
        var after = NewTask();
        await store.CreateAsync(after, Token);

        Assert.Equal(after, await store.GetAsync(after.TaskId, Token));
        // Nothing is persisted (--save ""): the restarted Redis is empty, and the store says so rather than failing.
        Assert.Null(await store.GetAsync(before.TaskId, Token));
    }

    [Fact]
    public async Task StartedWhileRedisIsDown_ConnectsLater_AndStillHearsCancels()
    {
        await using var server = await RedisServer.StartAsync();
        await server.StopAsync();
        await using var early = await RedisTaskStore.ConnectAsync(server.Url(), TimeProvider.System, Token);
        var raised = Raised(early);
        Assert.NotNull(await early.ProbeAsync(Token));

        await server.RestartAsync();
        await WaitUntilAnswersAsync(early);
        await using var other = await RedisTaskStore.ConnectAsync(server.Url(), TimeProvider.System, Token);
        var heard = await CancelUntilHeardAsync(other, raised);

        Assert.Equal(AgentTaskStatus.Cancelled, (await early.GetAsync(heard, Token))?.Status);
    }

    [Fact]
    public void ToOptions_ReadsHostPortPasswordDatabaseAndTls()
    {
        var options = RedisTaskStore.ToOptions(new Uri("rediss://:p%40ss@cache.internal:6380/2"));

        Assert.Equal("p@ss", options.Password);
        Assert.Null(options.User);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.True(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
        var endPoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(("cache.internal", 6380), (endPoint.Host, endPoint.Port));
    }

    [Fact]
    public void ToOptions_DefaultsToPort6379AndNoPassword()
    {
        var options = RedisTaskStore.ToOptions(new Uri("redis://127.0.0.1"));

        Assert.Null(options.Password);
        Assert.Null(options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6379), Assert.Single(options.EndPoints));
    }

    [Fact]
    public void ToOptions_ReadsAnAclUser()
    {
        var options = RedisTaskStore.ToOptions(new Uri("redis://pallas:pw@cache"));

        Assert.Equal(("pallas", "pw"), (options.User, options.Password));
    }

    [Theory]
    [InlineData("http://:s3cret-pw@cache:6379")]
    [InlineData("redis://:s3cret-pw@cache:6379/zero")]
    public void ToOptions_RefusesOtherUrls_WithoutThePassword(string url)
    {
        var refused = Assert.Throws<ArgumentException>(() => RedisTaskStore.ToOptions(new Uri(url)));

        AssertSecretFree(refused.Message, Password);
    }

    private static AgentTask NewTask()
    {
        var now = DateTimeOffset.UtcNow;
        return new AgentTask
        {
            TaskId = TaskIds.New(),
            Agent = "writer",
            CreatedAt = now,
            LastUpdatedAt = now,
            TimeToLive = TimeSpan.FromMinutes(10),
        };
    }

    private static TaskCompletionSource<string> Raised(RedisTaskStore store)
    {
        var raised = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.CancelRequested += id => raised.TrySetResult(id);
        return raised;
    }

    private static async Task WaitUntilAnswersAsync(RedisTaskStore store)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(ReconnectBound);
        while (await store.ProbeAsync(Token) is not null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), bound.Token);
        }
    }

    // The client re-subscribes a moment after commands work again, and pub/sub drops what is published before that;
    // so the canceller cancels a fresh task each round until one cancel is heard. Returns the id heard, one of those cancelled.
    private static async Task<string> CancelUntilHeardAsync(RedisTaskStore canceller, TaskCompletionSource<string> raised)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(ReconnectBound);
        var cancelled = new HashSet<string>(StringComparer.Ordinal);
        while (!raised.Task.IsCompleted)
        {
            var task = NewTask();
            await canceller.CreateAsync(task, Token);
            await canceller.CancelAsync(task.TaskId, DateTimeOffset.UtcNow, Token);
            cancelled.Add(task.TaskId);
            await Task.WhenAny(raised.Task, Task.Delay(TimeSpan.FromMilliseconds(200), bound.Token));
            bound.Token.ThrowIfCancellationRequested();
        }

        var heard = await raised.Task;
        Assert.Contains(heard, cancelled);
        return heard;
    }

    private static void AssertSecretFree(string text, string secret) =>
        Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the password leaked into: {text}");
}
