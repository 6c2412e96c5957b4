using System.Text.Json;
using System.Threading.Channels;
using Pallas.Hosting.Tasks;

namespace Pallas.Hosting.Tests.Tasks;

/// <summary>
/// What every <see cref="ITaskStore"/> does, run against each store by a sealed subclass, so that the memory store
/// and the Redis store cannot drift apart: compare-and-set from working, a cancel that wins is final, expiry.
/// </summary>
public abstract class TaskStoreContractTests : IAsyncDisposable
{
    /// <summary>How long a test waits for an event or an expiry before it fails; generous, never a speed assertion.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly List<ITaskStore> _stores = [];

    /// <summary>The clock the store and the tasks share.</summary>
    protected abstract TimeProvider Time { get; }

    /// <summary>A new store; disposed with the test.</summary>
    private protected abstract Task<ITaskStore> CreateStoreCoreAsync();

    /// <summary>Lets <paramref name="task"/> (created with a short ttl) expire: moves the clock, or waits for Redis.</summary>
    private protected abstract Task LetExpireAsync(ITaskStore store, AgentTask task);

    /// <summary>The ttl the expiry test gives its task.</summary>
    protected abstract TimeSpan ShortTimeToLive { get; }

    [Fact]
    public async Task Create_ThenGet_KeepsEveryField()
    {
        var store = await CreateStoreAsync();
        using var result = JsonDocument.Parse("""{"content":[{"type":"text","text":"done \u00e9"}],"isError":false,"n":[1,2.5,null]}""");
        using var error = JsonDocument.Parse("""{"code":-32603,"message":"boom"}""");
        var task = NewTask() with
        {
            Owner = "alice",
            StatusMessage = "thinking",
            Result = result.RootElement.Clone(),
            Error = error.RootElement.Clone(),
        };

        await store.CreateAsync(task, Token);
        var read = await store.GetAsync(task.TaskId, Token);

        Assert.NotNull(read);
        Assert.Equal(task.TaskId, read.TaskId);
        Assert.Equal(task.Agent, read.Agent);
        Assert.Equal(task.Owner, read.Owner);
        Assert.Equal(task.Status, read.Status);
        Assert.Equal(task.StatusMessage, read.StatusMessage);
        Assert.Equal(task.CreatedAt, read.CreatedAt);
        Assert.Equal(task.LastUpdatedAt, read.LastUpdatedAt);
        Assert.Equal(task.TimeToLive, read.TimeToLive);
        Assert.True(JsonElement.DeepEquals(task.Result!.Value, read.Result!.Value), read.Result.Value.GetRawText());
        Assert.True(JsonElement.DeepEquals(task.Error!.Value, read.Error!.Value), read.Error.Value.GetRawText());
    }

    [Fact]
    public async Task Get_UnknownId_IsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync(TaskIds.New(), Token));
    }

    [Fact]
    public async Task Update_WhileWorking_ReplacesAndAfterTheEnd_ChangesNothing()
    {
        var store = await CreateStoreAsync();
        var task = NewTask();
        await store.CreateAsync(task, Token);

        Assert.True(await store.UpdateAsync(task with { StatusMessage = "step 1" }, Token));
        Assert.Equal("step 1", (await store.GetAsync(task.TaskId, Token))?.StatusMessage);

        var completed = task with { Status = AgentTaskStatus.Completed, StatusMessage = "done", LastUpdatedAt = Time.GetUtcNow() };
        Assert.True(await store.UpdateAsync(completed, Token));

        Assert.False(await store.UpdateAsync(task with { Status = AgentTaskStatus.Failed, StatusMessage = "late" }, Token));
        var read = await store.GetAsync(task.TaskId, Token);
        Assert.Equal(AgentTaskStatus.Completed, read?.Status);
        Assert.Equal("done", read?.StatusMessage);
    }

    [Fact]
    public async Task Update_UnknownId_IsFalseAndCreatesNothing()
    {
        var store = await CreateStoreAsync();
        var task = NewTask();

        Assert.False(await store.UpdateAsync(task, Token));
        Assert.Null(await store.GetAsync(task.TaskId, Token));
    }

    [Fact]
    public async Task Cancel_Working_CancelsAndRaisesCancelRequested()
    {
        var store = await CreateStoreAsync();
        var raised = Raised(store);
        var task = NewTask() with { StatusMessage = "step 1" };
        await store.CreateAsync(task, Token);
        var now = task.CreatedAt + TimeSpan.FromSeconds(1);

        var cancelled = await store.CancelAsync(task.TaskId, now, Token);

        Assert.Equal(AgentTaskStatus.Cancelled, cancelled?.Status);
        Assert.Equal(now, cancelled?.LastUpdatedAt);
        Assert.Equal("step 1", cancelled?.StatusMessage);
        Assert.Equal(AgentTaskStatus.Cancelled, (await store.GetAsync(task.TaskId, Token))?.Status);
        Assert.Equal(task.TaskId, await raised.NextAsync());
    }

    [Fact]
    public async Task Cancel_Completed_ReturnsItUnchangedAndRaisesNothing()
    {
        var store = await CreateStoreAsync();
        var raised = Raised(store);
        var task = NewTask();
        await store.CreateAsync(task, Token);
        var completed = task with { Status = AgentTaskStatus.Completed, StatusMessage = "done" };
        Assert.True(await store.UpdateAsync(completed, Token));

        var answer = await store.CancelAsync(task.TaskId, task.CreatedAt + TimeSpan.FromSeconds(1), Token);

        Assert.Equal(completed, answer);
        Assert.Equal(completed, await store.GetAsync(task.TaskId, Token));
        // No wait for silence: a second cancel that does win is the marker; had the first raised, its id would come first.
        var other = NewTask();
        await store.CreateAsync(other, Token);
        await store.CancelAsync(other.TaskId, other.CreatedAt, Token);
        Assert.Equal(other.TaskId, await raised.NextAsync());
        Assert.True(raised.IsEmpty, "only the cancel that won raised CancelRequested");
    }

    [Fact]
    public async Task Update_AfterCancel_IsFalseAndTheCancelStays()
    {
        var store = await CreateStoreAsync();
        var task = NewTask();
        await store.CreateAsync(task, Token);
        await store.CancelAsync(task.TaskId, task.CreatedAt, Token);

        var late = task with { Status = AgentTaskStatus.Completed, StatusMessage = "late result" };

        Assert.False(await store.UpdateAsync(late, Token));
        var read = await store.GetAsync(task.TaskId, Token);
        Assert.Equal(AgentTaskStatus.Cancelled, read?.Status);
        Assert.Null(read?.StatusMessage);
    }

    [Fact]
    public async Task ResultRacingCancels_ExactlyOneWins_AndTheStoreAgrees()
    {
        var store = await CreateStoreAsync();
        var raised = Raised(store);
        for (var round = 0; round < 20; round++)
        {
            var task = NewTask();
            await store.CreateAsync(task, Token);
            var completed = task with { Status = AgentTaskStatus.Completed, StatusMessage = "done" };

            // Two replicas cancel while the turn reports its result: one change wins, the others see it.
            var update = Task.Run(() => store.UpdateAsync(completed, Token), Token);
            var cancels = Enumerable.Range(0, 2).Select(_ => Task.Run(() => store.CancelAsync(task.TaskId, task.CreatedAt, Token), Token)).ToList();
            var updated = await update;
            var answers = await Task.WhenAll(cancels);

            var stored = await store.GetAsync(task.TaskId, Token);
            Assert.Equal(updated ? AgentTaskStatus.Completed : AgentTaskStatus.Cancelled, stored?.Status);
            Assert.All(answers, answer => Assert.Equal(stored, answer));
            if (!updated)
            {
                Assert.Equal(task.TaskId, await raised.NextAsync());
            }
        }

        // Each cancelled round raised once: a last cancel is the marker that no second raise is still on its way.
        var marker = NewTask();
        await store.CreateAsync(marker, Token);
        await store.CancelAsync(marker.TaskId, marker.CreatedAt, Token);
        Assert.Equal(marker.TaskId, await raised.NextAsync());
        Assert.True(raised.IsEmpty, "one raise per cancelled task");
    }

    [Fact]
    public async Task Cancel_UnknownId_IsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.CancelAsync(TaskIds.New(), Time.GetUtcNow(), Token));
    }

    [Fact]
    public async Task Task_AfterItsTimeToLive_IsForgotten()
    {
        var store = await CreateStoreAsync();
        var task = NewTask() with { TimeToLive = ShortTimeToLive };
        await store.CreateAsync(task, Token);
        Assert.NotNull(await store.GetAsync(task.TaskId, Token));

        await LetExpireAsync(store, task);

        Assert.Null(await store.GetAsync(task.TaskId, Token));
        Assert.False(await store.UpdateAsync(task with { StatusMessage = "late" }, Token));
        Assert.Null(await store.CancelAsync(task.TaskId, Time.GetUtcNow(), Token));
    }

    [Fact]
    public async Task Probe_Answers()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.ProbeAsync(Token));
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    private protected async Task<ITaskStore> CreateStoreAsync()
    {
        var store = await CreateStoreCoreAsync();
        _stores.Add(store);
        return store;
    }

    private protected AgentTask NewTask()
    {
        var now = Time.GetUtcNow();
        return new AgentTask
        {
            TaskId = TaskIds.New(),
            Agent = "writer",
            CreatedAt = now,
            LastUpdatedAt = now,
            TimeToLive = TimeSpan.FromMinutes(10),
        };
    }

    /// <summary>The ids <paramref name="store"/> raises <see cref="ITaskStore.CancelRequested"/> with, in order.</summary>
    private protected static CancelEvents Raised(ITaskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var events = new CancelEvents();
        store.CancelRequested += events.Add;
        return events;
    }

    /// <summary>Ids from <see cref="ITaskStore.CancelRequested"/>, awaited one at a time with a bound.</summary>
    private protected sealed class CancelEvents
    {
        private readonly Channel<string> _ids = Channel.CreateUnbounded<string>();

        public bool IsEmpty => !_ids.Reader.TryPeek(out _);

        public void Add(string id) => _ids.Writer.TryWrite(id);

        public async Task<string> NextAsync()
        {
            try
            {
                return await _ids.Reader.ReadAsync(Token).AsTask().WaitAsync(Bound, Token);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"CancelRequested was not raised within {Bound.TotalSeconds:0} s");
                throw;
            }
        }
    }
}
