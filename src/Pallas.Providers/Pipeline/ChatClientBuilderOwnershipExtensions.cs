using Microsoft.Extensions.AI;

namespace Pallas.Providers.Pipeline;

/// <summary>Adds <see cref="OwningChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
internal static class ChatClientBuilderOwnershipExtensions
{
    /// <summary>Disposes <paramref name="owned"/> when the pipeline is disposed, after the clients beneath.</summary>
    public static ChatClientBuilder UseOwnership(this ChatClientBuilder builder, params IDisposable[] owned)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new OwningChatClient(inner, owned));
    }
}
