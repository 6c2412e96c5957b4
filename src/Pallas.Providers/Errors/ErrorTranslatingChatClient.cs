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
    private readonly ModelCapabilities _capabilities;
    private readonly ProviderException? _keyProblem;
    private readonly Func<ChatOptions?, ChatOptions> _mapOptions;
    private readonly Func<Exception, CancellationToken, ProviderException?> _mapError;
    private readonly IDisposable[] _owned;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="owned"/> are disposed with this client.</summary>
    public ErrorTranslatingChatClient(
        IChatClient inner,
        ModelSpec model,
        ModelCapabilities capabilities,
        ProviderException? keyProblem,
        Func<ChatOptions?, ChatOptions> mapOptions,
        Func<Exception, CancellationToken, ProviderException?> mapError,
        params IDisposable[] owned)
        : base(inner)
    {
        _model = model;
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
        try
        {
            return await base.GetResponseAsync(request, _mapOptions(options), cancellationToken);
        }
        catch (Exception ex) when (_mapError(ex, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Prepare(messages);
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
