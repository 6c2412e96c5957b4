using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Errors;
using Pallas.Providers.Offline;
using Pallas.Providers.Resilience;

namespace Pallas.Providers.Tests.Offline;

public sealed class OfflineModelsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Playback_FirstCallLoadsThenRepliesWithEachAssistantMessage()
    {
        using var client = OfflineChatClients.Create(ModelSpec.Parse("playback"));
        List<ChatMessage> script = [new(ChatRole.System, "sys"), new(ChatRole.User, "q1"), new(ChatRole.Assistant, "a1"), new(ChatRole.User, "q2"), new(ChatRole.Assistant, "a2")];

        var replies = new List<string>();
        replies.Add((await client.GetResponseAsync(script, cancellationToken: Ct)).Text);
        for (var i = 0; i < 3; i++)
        {
            replies.Add((await client.GetResponseAsync([new(ChatRole.User, "next")], cancellationToken: Ct)).Text);
        }

        Assert.Equal(["HISTORY LOADED (4) messages", "a1", "a2", "MESSAGES EXHAUSTED (list size 4) (1 overage)"], replies);
    }

    [Fact]
    public async Task Slow_WaitsOnTheTimeProviderBeforeReplying()
    {
        var time = new ManualTimeProvider();
        using var client = OfflineChatClients.Create(ModelSpec.Parse("slow"), time, TimeSpan.FromSeconds(3));

        var reply = client.GetResponseAsync([new(ChatRole.User, "eventually")], cancellationToken: Ct);
        await time.TimerCreated.Task.WaitAsync(Ct);
        Assert.False(reply.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal("eventually", (await reply.WaitAsync(Ct)).Text);
        Assert.Equal(TimeSpan.FromSeconds(3), time.RequestedDueTime);
    }

    [Fact]
    public async Task Slow_Cancelled_StopsWaiting()
    {
        using var client = OfflineChatClients.Create(ModelSpec.Parse("slow"), new ManualTimeProvider());
        using var cancel = new CancellationTokenSource();

        var reply = client.GetStreamingResponseAsync([new(ChatRole.User, "never")], cancellationToken: cancel.Token).ToListAsync(Ct).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reply);
    }

    [Theory]
    [InlineData("passthrough")]
    [InlineData("playback")]
    [InlineData("silent")]
    [InlineData("slow")]
    public void ProviderChatClientFactory_OfflineModel_CreatesAClientReportingItsModel(string model)
    {
        using var client = ProviderChatClientFactory.Create(ModelSpec.Parse(model), new ModelCapabilities(false, 1_000_000, 100_000), new PallasSettings());

        Assert.Equal(model, client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Theory]
    [InlineData("passthrough")]
    [InlineData("bedrock.us.anthropic.claude-sonnet-4-6")]
    [InlineData("anthropic.claude-opus-4-7")]
    [InlineData("generic.llama3")]
    public void ProviderChatClientFactory_AnyModel_RetriesTransientFailures(string model)
    {
        // Retries belong to the provider pipeline, so every caller of the factory gets them, below its own metrics.
        using var client = ProviderChatClientFactory.Create(ModelSpec.Parse(model), new ModelCapabilities(true, 200_000, 8_000), new PallasSettings());

        Assert.NotNull(client.GetService<RetryingChatClient>());
    }

    [Theory]
    [InlineData("bedrock.us.anthropic.claude-sonnet-4-6", "bedrock")]
    [InlineData("anthropic.claude-opus-4-7", "anthropic")]
    [InlineData("openai.minimax.minimax-m2.5", "openai")]
    [InlineData("generic.llama3", "generic")]
    public async Task ProviderChatClientFactory_NetworkProvider_IsCreatedWithoutCredentialsAndFailsOnUse(string model, string provider)
    {
        // Startup never needs credentials: the client is created, and the first call explains what is missing.
        using var client = ProviderChatClientFactory.Create(ModelSpec.Parse(model), new ModelCapabilities(true, 200_000, 8_000), new PallasSettings
        {
            Bedrock = new() { Region = "us-east-1", BaseUrl = new Uri("http://127.0.0.1:9/") },
            Generic = new() { BaseUrl = new Uri("http://127.0.0.1:9/v1") },
        });

        Assert.IsNotType<PassthroughChatClient>(client);
        if (provider is "anthropic" or "openai")
        {
            var exception = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
            Assert.Equal(provider, exception.Provider);
            Assert.Equal(ProviderErrorKind.MissingCredentials, exception.Kind);
        }
    }

    /// <summary>A clock that only moves when the test says so.</summary>
    private sealed class ManualTimeProvider : TimeProvider
    {
        private readonly List<(ITimer Timer, TimerCallback Callback, object? State, TimeSpan Due)> _timers = [];
        private TimeSpan _now;

        public TaskCompletionSource TimerCreated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TimeSpan RequestedDueTime { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new NoopTimer();
            lock (_timers)
            {
                _timers.Add((timer, callback, state, _now + dueTime));
                RequestedDueTime = dueTime;
            }

            TimerCreated.TrySetResult();
            return timer;
        }

        public void Advance(TimeSpan by)
        {
            List<(ITimer Timer, TimerCallback Callback, object? State, TimeSpan Due)> due;
            lock (_timers)
            {
                _now += by;
                due = _timers.Where(t => t.Due <= _now).ToList();
                _timers.RemoveAll(t => t.Due <= _now);
            }

            foreach (var timer in due)
            {
                timer.Callback(timer.State);
            }
        }

        private sealed class NoopTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
