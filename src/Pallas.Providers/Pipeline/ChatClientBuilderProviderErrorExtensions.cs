using Microsoft.Extensions.AI;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Pipeline;

/// <summary>Adds <see cref="ProviderErrorChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
internal static class ChatClientBuilderProviderErrorExtensions
{
    /// <summary>Translates the SDK's exceptions with <paramref name="mapError"/>; see <see cref="ProviderErrorChatClient"/>.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="provider">Provider name as in model strings.</param>
    /// <param name="responseName">What a non-streaming answer is (<c>a Messages API response</c>).</param>
    /// <param name="mapError">The provider's mapping; <see langword="null"/> lets an exception pass unchanged.</param>
    public static ChatClientBuilder UseProviderErrors(
        this ChatClientBuilder builder, string provider, string responseName, Func<Exception, CancellationToken, ProviderException?> mapError)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mapError);
        return builder.Use(inner => new ProviderErrorChatClient(inner, provider, responseName, mapError));
    }
}
