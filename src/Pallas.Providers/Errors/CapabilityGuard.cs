using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;

namespace Pallas.Providers.Errors;

/// <summary>Enforces <see cref="ModelCapabilities"/> on a request before it leaves the process.</summary>
internal static class CapabilityGuard
{
    /// <summary>Refuses images for a model without vision, with a message the agent can show as a tool error.</summary>
    public static void EnsureImagesAllowed(string provider, ModelSpec model, ModelCapabilities capabilities, IEnumerable<ChatMessage> messages)
    {
        if (capabilities.Vision)
        {
            return;
        }

        var hasImage = messages.SelectMany(message => message.Contents).Any(content => content switch
        {
            DataContent data => data.HasTopLevelMediaType("image"),
            UriContent uri => uri.HasTopLevelMediaType("image"),
            _ => false,
        });
        if (hasImage)
        {
            throw new ProviderException(provider, ProviderErrorKind.Validation,
                $"{model} does not accept images (model_capabilities.vision is false); send text only or use a model with vision");
        }
    }
}
