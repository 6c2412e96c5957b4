using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Pipeline;

/// <summary>
/// Translates what an SDK adapter throws into <see cref="ProviderException"/> through the provider's mapping, and
/// begins the <see cref="ProviderCall"/> its HTTP handler checks the answer's body against.
/// </summary>
/// <param name="innerClient">The SDK adapter (or the layers above it).</param>
/// <param name="provider">Provider name as in model strings.</param>
/// <param name="responseName">What a non-streaming answer is, for the error when a JSON body is not one (<c>a Chat Completions response</c>).</param>
/// <param name="mapError">The provider's mapping; <see langword="null"/> lets an exception pass unchanged.</param>
internal sealed class ProviderErrorChatClient(
    IChatClient innerClient,
    string provider,
    string responseName,
    Func<Exception, CancellationToken, ProviderException?> mapError) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = ProviderCall.Begin(BodyFormat.Json);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
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
        ProviderCall.Begin(BodyFormat.ServerSentEvents);
        await using var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (mapError(ex, cancellationToken) is { } mapped)
            {
                throw mapped;
            }

            yield return enumerator.Current;
        }
    }

    // A JSON body came, yet the SDK could not make a response of it (another service's JSON, an object without the
    // fields the API always sends; the OpenAI adapter then throws ArgumentOutOfRangeException): the body is the problem,
    // whatever the SDK's exception says. Failures of the connection while reading keep their own wording.
    private ProviderException? MapResponseError(Exception error, ProviderCall call, CancellationToken cancellationToken)
    {
        var mapped = mapError(error, cancellationToken);
        var unread = call.Answer is not null
            && error is not (ProviderException or OperationCanceledException)
            && mapped?.Kind is not (ProviderErrorKind.Network or ProviderErrorKind.StreamInterrupted);
        return unread ? ResponseBodyCheck.NotExpected(provider, call.Answer!, responseName, error) : mapped;
    }
}
