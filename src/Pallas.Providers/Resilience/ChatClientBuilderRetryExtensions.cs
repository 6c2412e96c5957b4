using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pallas.Providers.Resilience;

/// <summary>Adds <see cref="RetryingChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class ChatClientBuilderRetryExtensions
{
    /// <summary>Retries transient provider failures; see <see cref="RetryingChatClient"/>.</summary>
    public static ChatClientBuilder UseProviderRetries(this ChatClientBuilder builder, RetryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new RetryingChatClient(inner, options, services.GetService<ILogger<RetryingChatClient>>()));
    }
}
