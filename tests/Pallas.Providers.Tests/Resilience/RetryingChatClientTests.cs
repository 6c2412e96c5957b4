using Microsoft.Extensions.AI;
using Pallas.Providers.Errors;
using Pallas.Providers.Resilience;

namespace Pallas.Providers.Tests.Resilience;

public sealed class RetryingChatClientTests
{
    private static ProviderException Throttled(TimeSpan? retryAfter = null) => new("bedrock", ProviderErrorKind.Throttled, "throttled", retryAfter);

    [Fact]
    public async Task GetResponseAsync_TwoThrottles_RetriesAndAnswers()
    {
        var time = new ImmediateTimeProvider();
        var inner = new ScriptedChatClient(Throttled(), new ProviderException("bedrock", ProviderErrorKind.ServerError, "503"));
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = time });

        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("answer", response.Text);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(2, time.Delays.Count);
    }

    [Theory]
    [InlineData(ProviderErrorKind.Validation)]
    [InlineData(ProviderErrorKind.Unauthorized)]
    [InlineData(ProviderErrorKind.AccessDenied)]
    [InlineData(ProviderErrorKind.MissingCredentials)]
    [InlineData(ProviderErrorKind.StreamInterrupted)]
    public async Task GetResponseAsync_NonTransient_NotRetried(ProviderErrorKind kind)
    {
        var inner = new ScriptedChatClient(new ProviderException("bedrock", kind, "no"));
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = new ImmediateTimeProvider() });

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_AlwaysThrottled_StopsAfterMaxRetries()
    {
        var inner = new ScriptedChatClient(Enumerable.Range(0, 10).Select(_ => (Exception?)Throttled()).ToArray());
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = new ImmediateTimeProvider() });

        await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(RetryOptions.DefaultMaxRetries + 1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfter_HonouredAsTheDelay()
    {
        var time = new ImmediateTimeProvider();
        var inner = new ScriptedChatClient(Throttled(TimeSpan.FromSeconds(7)));
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = time });

        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([TimeSpan.FromSeconds(7)], time.Delays);
    }

    [Fact]
    public async Task GetResponseAsync_BackoffDelays_GrowAndStayBounded()
    {
        var time = new ImmediateTimeProvider();
        var inner = new ScriptedChatClient(Throttled(), Throttled(), Throttled());
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = time, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(3) });

        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, time.Delays.Count);
        Assert.All(time.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureBeforeFirstUpdate_Retried()
    {
        var inner = new ScriptedChatClient(Throttled());
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = new ImmediateTimeProvider() });

        var updates = await client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal("answer", updates.ToChatResponse().Text);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureAfterFirstUpdate_NotRetried()
    {
        var inner = new ScriptedChatClient(Throttled()) { UpdatesBeforeFailure = 1 };
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = new ImmediateTimeProvider() });
        var seen = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                seen.Add(update);
            }
        });

        Assert.Single(seen);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ObserverInOptions_IsToldOfEachRetryBeforeItsWait()
    {
        var time = new ImmediateTimeProvider();
        var inner = new ScriptedChatClient(Throttled(TimeSpan.FromSeconds(4)), new ProviderException("bedrock", ProviderErrorKind.ServerError, "503"));
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = time });
        var observer = new RecordingRetryObserver(time);
        var options = new ChatOptions { AdditionalProperties = new() { [RetryingChatClient.ObserverKey] = observer } };

        var updates = await client.GetStreamingResponseAsync("hi", options, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal("answer", updates.ToChatResponse().Text);
        Assert.Equal(2, observer.Retries.Count);
        Assert.Equal(new ProviderRetry("bedrock", ProviderErrorKind.Throttled, 1, 3, TimeSpan.FromSeconds(4)), observer.Retries[0]);
        Assert.Equal("bedrock throttled; retry 1 of 3 in 4.0 s", observer.Retries[0].ToString());
        Assert.Equal((ProviderErrorKind.ServerError, 2), (observer.Retries[1].Kind, observer.Retries[1].Retry));
        // Reported before the wait, not after it.
        Assert.Equal([0, 1], observer.DelaysSeenBefore);
    }

    private sealed class RecordingRetryObserver(ImmediateTimeProvider time) : IRetryObserver
    {
        public List<ProviderRetry> Retries { get; } = [];

        public List<int> DelaysSeenBefore { get; } = [];

        public ValueTask OnRetryAsync(ProviderRetry retry, CancellationToken cancellationToken)
        {
            Retries.Add(retry);
            DelaysSeenBefore.Add(time.Delays.Count);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task UseProviderRetries_InBuilder_AddsRetrying()
    {
        var inner = new ScriptedChatClient(Throttled());
        using var client = new ChatClientBuilder(inner).UseProviderRetries(new RetryOptions { TimeProvider = new ImmediateTimeProvider() }).Build();

        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("answer", response.Text);
        Assert.Equal(2, inner.Calls);
    }
}
