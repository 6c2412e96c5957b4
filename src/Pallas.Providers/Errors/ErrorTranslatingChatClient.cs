using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;

namespace Pallas.Providers.Errors;

/// <summary>
/// The outer layer of an SDK-backed provider client: refuses calls that cannot work (a key problem, images for a model
/// without vision), applies the provider's request mapping, and lets only <see cref="ProviderException"/> escape.
/// </summary>
internal sealed class ErrorTranslatingChatClient : DelegatingChatClient
{
    private readonly ModelSpec _model;
    private readonly string _responseName;
    private readonly ModelCapabilities _capabilities;
    private readonly ProviderException? _keyProblem;
    private readonly Func<ChatOptions?, ChatOptions> _mapOptions;
    private readonly Func<Exception, CancellationToken, ProviderException?> _mapError;
    private readonly IDisposable[] _owned;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="owned"/> are disposed with this client.</summary>
    /// <param name="responseName">What a non-streaming answer is, for the error when a JSON body is not one (<c>a Chat Completions response</c>).</param>
    public ErrorTranslatingChatClient(
        IChatClient inner,
        ModelSpec model,
        string responseName,
        ModelCapabilities capabilities,
        ProviderException? keyProblem,
        Func<ChatOptions?, ChatOptions> mapOptions,
        Func<Exception, CancellationToken, ProviderException?> mapError,
        params IDisposable[] owned)
        : base(inner)
    {
        _model = model;
        _responseName = responseName;
        _capabilities = capabilities;
        _keyProblem = keyProblem;
        _mapOptions = mapOptions;
        _mapError = mapError;
        _owned = owned;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Prepare(messages);
        var call = ProviderCall.Begin(BodyFormat.Json);
        try
        {
            return await base.GetResponseAsync(request, _mapOptions(options), cancellationToken);
        }
        catch (Exception ex) when (MapResponseError(ex, call, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Prepare(messages);
        ProviderCall.Begin(BodyFormat.ServerSentEvents);
        var updates = base.GetStreamingResponseAsync(request, _mapOptions(options), cancellationToken);
        await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);
        var finished = false;
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    break;
                }

                update = enumerator.Current;
            }
            catch (Exception ex) when (_mapError(ex, cancellationToken) is { } mapped)
            {
                throw mapped;
            }

            finished |= update.FinishReason is not null;
            yield return update;
        }

        // The SDKs end quietly when the connection drops mid-message; a complete stream always reports why it stopped.
        if (!finished)
        {
            var provider = _model.Provider.ToConfigName();
            throw new ProviderException(provider, ProviderErrorKind.StreamInterrupted,
                $"the {provider} stream ended before the message was complete; the reply so far may be partial");
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }
        }
    }

    // A JSON body came, yet the SDK could not make a response of it (another service's JSON, an object without the
    // fields the API always sends; the OpenAI adapter then throws ArgumentOutOfRangeException): the body is the problem,
    // whatever the SDK's exception says. Failures of the connection while reading keep their own wording.
    private ProviderException? MapResponseError(Exception error, ProviderCall call, CancellationToken cancellationToken)
    {
        var mapped = _mapError(error, cancellationToken);
        var unread = call.Answer is not null
            && error is not (ProviderException or OperationCanceledException)
            && mapped?.Kind is not (ProviderErrorKind.Network or ProviderErrorKind.StreamInterrupted);
        return unread ? ResponseBodyCheck.NotExpected(_model.Provider.ToConfigName(), call.Answer!, _responseName, error) : mapped;
    }

    private List<ChatMessage> Prepare(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (_keyProblem is not null)
        {
            // A fresh exception per call: a shared instance would accumulate stack traces across threads.
            throw new ProviderException(_keyProblem.Provider, _keyProblem.Kind, _keyProblem.Message);
        }

        var list = messages as List<ChatMessage> ?? [.. messages];
        CapabilityGuard.EnsureImagesAllowed(_model.Provider.ToConfigName(), _model, _capabilities, list);
        return list;
    }
}
