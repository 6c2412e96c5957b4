using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Anthropic;
using Pallas.Providers.Bedrock;
using Pallas.Providers.Offline;
using Pallas.Providers.OpenAI;
using Pallas.Providers.Pipeline;
using Pallas.Providers.Resilience;

namespace Pallas.Providers;

/// <summary>
/// Creates the provider chat client of a model: the one place that maps a model string's provider to an adapter and
/// puts the layers every provider shares around it.
/// </summary>
public static class ProviderChatClientFactory
{
    /// <summary>Creates a chat client for <paramref name="model"/>; it is long-lived and shared by every call of an agent.</summary>
    /// <remarks>
    /// Outermost first: the capability guard (images for a model without vision), retries of transient failures, then
    /// the provider's own client (for the SDK providers: key problem, stream completion, error translation, request
    /// options). Callers that count LLM calls put their metrics above it, so a retried call counts once.
    /// </remarks>
    /// <param name="model">The resolved model.</param>
    /// <param name="capabilities">Its capabilities: vision and the output token bound.</param>
    /// <param name="settings">The provider sections of the configuration.</param>
    /// <param name="loggerFactory">Where retries are logged; nowhere when <see langword="null"/>.</param>
    public static IChatClient Create(ModelSpec model, ModelCapabilities capabilities, PallasSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(settings);
        return new ChatClientBuilder(CreateAdapter(model, capabilities, settings))
            .UseCapabilityGuard(model, capabilities)
            .UseProviderRetries(loggerFactory: loggerFactory)
            .Build();
    }

    private static IChatClient CreateAdapter(ModelSpec model, ModelCapabilities capabilities, PallasSettings settings) => model.Provider switch
    {
        ModelProvider.Passthrough or ModelProvider.Playback or ModelProvider.Silent or ModelProvider.Slow => OfflineChatClients.Create(model),
        ModelProvider.Bedrock => BedrockProvider.CreateChatClient(model, capabilities, settings.Bedrock),
        ModelProvider.Anthropic => AnthropicProvider.CreateChatClient(model, capabilities, settings.Anthropic),
        ModelProvider.OpenAI => OpenAIProvider.CreateChatClient(model, capabilities, settings.OpenAI),
        ModelProvider.Generic => OpenAIProvider.CreateGenericChatClient(model, capabilities, settings.Generic),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model.Provider, "Unknown provider."),
    };
}
