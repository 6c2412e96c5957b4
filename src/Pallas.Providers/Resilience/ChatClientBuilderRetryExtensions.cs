using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pallas.Providers.Resilience;

/// <summary>Adds <see cref="RetryingChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class ChatClientBuilderRetryExtensions
{
    /// <summary>Retries transient provider failures; see <see cref="RetryingChatClient"/>.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="options">Retry pacing (defaults when <see langword="null"/>).</param>
    /// <param name="loggerFactory">Where retries are logged; else the builder's services, else nowhere.</param>
    public static ChatClientBuilder UseProviderRetries(this ChatClientBuilder builder, RetryOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
            new RetryingChatClient(inner, options, loggerFactory?.CreateLogger<RetryingChatClient>() ?? services.GetService<ILogger<RetryingChatClient>>()));
    }
}
