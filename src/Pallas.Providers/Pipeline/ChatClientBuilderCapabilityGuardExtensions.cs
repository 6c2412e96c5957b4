using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;

namespace Pallas.Providers.Pipeline;

/// <summary>Adds <see cref="CapabilityGuardChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
internal static class ChatClientBuilderCapabilityGuardExtensions
{
    /// <summary>Refuses requests <paramref name="capabilities"/> rule out (images for a model without vision).</summary>
    public static ChatClientBuilder UseCapabilityGuard(this ChatClientBuilder builder, ModelSpec model, ModelCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(capabilities);
        return builder.Use(inner => new CapabilityGuardChatClient(inner, model, capabilities));
    }
}
