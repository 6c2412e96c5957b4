using Microsoft.Extensions.AI;

namespace Pallas.Providers.Pipeline;

/// <summary>Adds <see cref="StreamCompletionChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
internal static class ChatClientBuilderStreamCompletionExtensions
{
    /// <summary>Fails a stream that ends without a finish reason, naming <paramref name="provider"/>.</summary>
    public static ChatClientBuilder UseStreamCompletionCheck(this ChatClientBuilder builder, string provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new StreamCompletionChatClient(inner, provider));
    }
}
