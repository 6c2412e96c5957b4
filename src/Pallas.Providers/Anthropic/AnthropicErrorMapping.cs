using Anthropic.Exceptions;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Anthropic;

/// <summary>Maps what the Anthropic SDK throws (beyond the HTTP statuses already mapped on the wire) to <see cref="ProviderException"/>.</summary>
internal static class AnthropicErrorMapping
{
    /// <summary>The provider error for <paramref name="error"/>, or <see langword="null"/> to let it pass unchanged.</summary>
    public static ProviderException? FromException(Exception error, HttpErrorContext context, Uri baseUrl, CancellationToken cancellationToken) => error switch
    {
        ProviderException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        AnthropicApiException api => HttpErrorTranslator.FromResponse(context, (int)api.StatusCode, api.ResponseBody, null),
        AnthropicSseException sse => new(context.Provider, ProviderErrorKind.StreamInterrupted,
            $"the {context.Provider} stream failed: {HttpErrorTranslator.Clean(sse.ApiMessage ?? sse.Message, context.Secret)}", innerException: sse),
        AnthropicIOException or OperationCanceledException => HttpErrorTranslator.FromNetwork(context, baseUrl, error.InnerException ?? error),
        IOException => new(context.Provider, ProviderErrorKind.StreamInterrupted,
            $"the {context.Provider} response was cut off: {HttpErrorTranslator.Clean(error.Message, context.Secret)}", innerException: error),
        AnthropicInvalidDataException => new(context.Provider, ProviderErrorKind.ModelError,
            $"{context.Provider} sent a response that could not be read: {HttpErrorTranslator.Clean(error.Message, context.Secret)}", innerException: error),
        _ => null,
    };
}
