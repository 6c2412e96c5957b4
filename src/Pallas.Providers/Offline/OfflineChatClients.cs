using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;

namespace Pallas.Providers.Offline;

/// <summary>Creates fast-agent's offline models (<c>passthrough</c>, <c>playback</c>, <c>silent</c>, <c>slow</c>) as chat clients.</summary>
public static class OfflineChatClients
{
    /// <summary>Creates the offline model named by <paramref name="model"/>.</summary>
    /// <param name="model">An offline model spec.</param>
    /// <param name="timeProvider">The clock <c>slow</c> waits on (default: the system clock).</param>
    /// <param name="slowDelay">How long <c>slow</c> waits before each reply (default: 3 s, as fast-agent).</param>
    /// <exception cref="ArgumentException">The model is not an offline model.</exception>
    public static IChatClient Create(ModelSpec model, TimeProvider? timeProvider = null, TimeSpan? slowDelay = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Provider switch
        {
            ModelProvider.Passthrough => new PassthroughChatClient(model.ModelId, reportUsage: true),
            ModelProvider.Silent => new PassthroughChatClient(model.ModelId, reportUsage: false),
            ModelProvider.Playback => new PlaybackChatClient(model.ModelId),
            ModelProvider.Slow => new SlowChatClient(
                new PassthroughChatClient(model.ModelId, reportUsage: true),
                slowDelay ?? SlowChatClient.DefaultDelay,
                timeProvider ?? TimeProvider.System),
            _ => throw new ArgumentException($"'{model}' is not an offline model (passthrough, playback, silent, slow).", nameof(model)),
        };
    }
}
