using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Errors = Pallas.Providers.Errors;
using Pallas.Providers.Offline;

namespace Pallas.Providers;

/// <summary>Creates the provider chat client of a model: the one place that maps a model string's provider to an adapter.</summary>
public static class ProviderChatClientFactory
{
    /// <summary>Creates a chat client for <paramref name="model"/>; it is long-lived and shared by every call of an agent.</summary>
    /// <param name="model">The resolved model.</param>
    /// <param name="capabilities">Its capabilities (output token bound).</param>
    /// <param name="settings">The provider sections of the configuration.</param>
    /// <exception cref="Errors.ProviderException">The provider is not available in this build.</exception>
    public static IChatClient Create(ModelSpec model, ModelCapabilities capabilities, PallasSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(settings);
        return model.Provider switch
        {
            ModelProvider.Passthrough or ModelProvider.Playback or ModelProvider.Silent or ModelProvider.Slow => OfflineChatClients.Create(model),
            ModelProvider.Bedrock or ModelProvider.Anthropic or ModelProvider.OpenAI or ModelProvider.Generic => throw NotAvailable(model),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model.Provider, "Unknown provider."),
        };
    }

    private static Errors.ProviderException NotAvailable(ModelSpec model) => new(
        model.Provider.ToConfigName(),
        Errors.ProviderErrorKind.Validation,
        $"The '{model.Provider.ToConfigName()}' provider is not available in this build; use an offline model (passthrough, playback, silent, slow) or a build that includes it.");
}
