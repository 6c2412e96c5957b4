using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Anthropic;
using Pallas.Providers.Bedrock;
using Pallas.Providers.Offline;
using Pallas.Providers.OpenAI;

namespace Pallas.Providers;

/// <summary>Creates the provider chat client of a model: the one place that maps a model string's provider to an adapter.</summary>
public static class ProviderChatClientFactory
{
    /// <summary>Creates a chat client for <paramref name="model"/>; it is long-lived and shared by every call of an agent.</summary>
    /// <param name="model">The resolved model.</param>
    /// <param name="capabilities">Its capabilities (output token bound).</param>
    /// <param name="settings">The provider sections of the configuration.</param>
    public static IChatClient Create(ModelSpec model, ModelCapabilities capabilities, PallasSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(settings);
        return model.Provider switch
        {
            ModelProvider.Passthrough or ModelProvider.Playback or ModelProvider.Silent or ModelProvider.Slow => OfflineChatClients.Create(model),
            ModelProvider.Bedrock => BedrockProvider.CreateChatClient(model, capabilities, settings.Bedrock),
            ModelProvider.Anthropic => AnthropicProvider.CreateChatClient(model, capabilities, settings.Anthropic),
            ModelProvider.OpenAI => OpenAIProvider.CreateChatClient(model, capabilities, settings.OpenAI),
            ModelProvider.Generic => OpenAIProvider.CreateGenericChatClient(model, capabilities, settings.Generic),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model.Provider, "Unknown provider."),
        };
    }
}
