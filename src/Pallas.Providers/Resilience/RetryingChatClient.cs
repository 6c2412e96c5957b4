using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pallas.Providers.Errors;
using Polly;
using Polly.Retry;

namespace Pallas.Providers.Resilience;

/// <summary>
/// Retries transient provider failures (<see cref="ProviderException.IsTransient"/>: throttling, server errors, connection
/// failures) with exponential backoff and jitter, honouring <c>Retry-After</c>. Validation and auth errors are never
/// retried; a stream is retried only while nothing has been yielded yet.
/// </summary>
public sealed partial class RetryingChatClient : DelegatingChatClient
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a call's <see cref="IRetryObserver"/>.</summary>
    public const string ObserverKey = "pallas.retry_observer";

    private static readonly ResiliencePropertyKey<IRetryObserver> ObserverProperty = new(ObserverKey);

    private readonly ResiliencePipeline pipeline;
    private readonly ILogger logger;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public RetryingChatClient(IChatClient innerClient, RetryOptions? options = null, ILogger<RetryingChatClient>? logger = null)
        : base(innerClient)
    {
        var settings = options ?? new RetryOptions();
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        pipeline = settings.MaxRetries <= 0 ? ResiliencePipeline.Empty : BuildPipeline(settings);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The message list may be lazily enumerated by the inner client; materialise it once so every attempt sends the same.
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var context = Context(options, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (context, state) => await state.Self.InnerClient.GetResponseAsync(state.List, state.Options, context.CancellationToken),
                context,
                (Self: this, List: list, Options: options));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();

        // Only the start of the stream (up to its first update) is retried: after that, output was already shown.
        // The stream outlives this pipeline execution, so it takes the caller's token, not the pipeline's.
        var context = Context(options, cancellationToken);
        IAsyncEnumerator<ChatResponseUpdate> enumerator;
        bool hasFirst;
        try
        {
            (enumerator, hasFirst) = await pipeline.ExecuteAsync(
                static async (_, state) =>
                {
                    var started = state.Self.InnerClient.GetStreamingResponseAsync(state.List, state.Options, state.Token).GetAsyncEnumerator(state.Token);
                    try
                    {
                        return (started, await started.MoveNextAsync());
                    }
                    catch
                    {
                        await started.DisposeAsync();
                        throw;
                    }
                },
                context,
                (Self: this, List: list, Options: options, Token: cancellationToken));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        await using (enumerator)
        {
            if (!hasFirst)
            {
                yield break;
            }

            yield return enumerator.Current;
            while (await enumerator.MoveNextAsync())
            {
                yield return enumerator.Current;
            }
        }
    }

    private static ResilienceContext Context(ChatOptions? options, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        if (options?.AdditionalProperties?.TryGetValue(ObserverKey, out var value) == true && value is IRetryObserver observer)
        {
            context.Properties.Set(ObserverProperty, observer);
        }

        return context;
    }

    private ResiliencePipeline BuildPipeline(RetryOptions settings) =>
        new ResiliencePipelineBuilder { TimeProvider = settings.TimeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ProviderException>(ex => ex.IsTransient),
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ProviderException { RetryAfter: { } retryAfter }
                        ? (TimeSpan?)(retryAfter < settings.MaxRetryAfter ? retryAfter : settings.MaxRetryAfter)
                        : null),
                OnRetry = async args =>
                {
                    if (args.Outcome.Exception is not ProviderException failure)
                    {
                        return;
                    }

                    LogRetry(logger, failure.Provider, failure.Kind, args.AttemptNumber + 1, args.RetryDelay, failure.Message);
                    if (args.Context.Properties.TryGetValue(ObserverProperty, out var observer))
                    {
                        var retry = new ProviderRetry(failure.Provider, failure.Kind, args.AttemptNumber + 1, settings.MaxRetries, args.RetryDelay);
                        await observer.OnRetryAsync(retry, args.Context.CancellationToken);
                    }
                },
            })
            .Build();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {Provider} call (retry {Retry}, {Kind}) in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, string provider, ProviderErrorKind kind, int retry, TimeSpan delay, string reason);
}
