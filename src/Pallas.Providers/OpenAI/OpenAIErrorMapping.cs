using System.ClientModel;
using Pallas.Providers.Errors;

namespace Pallas.Providers.OpenAI;

/// <summary>Maps what the OpenAI SDK throws (beyond the HTTP statuses already mapped on the wire) to <see cref="ProviderException"/>.</summary>
internal static class OpenAIErrorMapping
{
    /// <summary>The provider error for <paramref name="error"/>, or <see langword="null"/> to let it pass unchanged.</summary>
    public static ProviderException? FromException(Exception error, HttpErrorContext context, Uri baseUrl, CancellationToken cancellationToken) => error switch
    {
        ProviderException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        ClientResultException { Status: > 0 } result => HttpErrorTranslator.FromResponse(
            context, result.Status, result.GetRawResponse()?.Content?.ToString(), null),
        ClientResultException or OperationCanceledException => HttpErrorTranslator.FromNetwork(context, baseUrl, error.InnerException ?? error),
        IOException => new(context.Provider, ProviderErrorKind.StreamInterrupted,
            $"the {context.Provider} response was cut off: {HttpErrorTranslator.Clean(error.Message, context.Secret)}", innerException: error),
        System.Text.Json.JsonException => new(context.Provider, ProviderErrorKind.ModelError,
            $"{context.Provider} sent a response that could not be read: {HttpErrorTranslator.Clean(error.Message, context.Secret)}", innerException: error),
        _ => null,
    };
}
