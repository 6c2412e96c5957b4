using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Errors;
using Pallas.Providers.Pipeline;

namespace Pallas.Providers.Anthropic;

/// <summary>The <c>anthropic</c> provider: the Messages API through the official SDK, directly or through Bedrock Mantle (path 2).</summary>
public static class AnthropicProvider
{
    /// <summary>The provider name as written in model strings.</summary>
    public const string Name = "anthropic";

    /// <summary>The base URL used when <c>anthropic.base_url</c> is not set.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.anthropic.com");

    /// <summary>
    /// Creates a long-lived chat client for <paramref name="model"/>. Key problems do not throw here: every call then
    /// fails with a <see cref="ProviderException"/> saying what to fix, so startup never needs credentials.
    /// </summary>
    /// <param name="model">The model; its id is put on the wire as is, or <c>anthropic.</c>-prefixed on Mantle.</param>
    /// <param name="capabilities">Bounds the output tokens (images are checked by ProviderChatClientFactory's capability guard).</param>
    /// <param name="settings">The <c>anthropic</c> section.</param>
    /// <param name="handler">The HTTP handler to send through (tests, emulators); by default a new socket handler.</param>
    public static IChatClient CreateChatClient(ModelSpec model, ModelCapabilities capabilities, AnthropicSettings settings, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(settings);

        var mantle = settings.IsMantle;
        var profile = new AnthropicRequestProfile(mantle ? MantleModelIds.ToWire(model.ModelId) : model.ModelId, mantle, capabilities, model.Reasoning);
        var keyProblem = ApiKeyCheck.Check(Name, settings.ApiKey, required: true, mantle);
        var context = new HttpErrorContext(Name, profile.WireModelId, mantle, settings.ApiKey, settings.BaseUrl);
        var baseUrl = settings.BaseUrl ?? DefaultBaseUrl;

        HttpMessageHandler chain = new ProviderHttpErrorHandler(context, TimeProvider.System, handler ?? new SocketsHttpHandler());
        if (mantle)
        {
            chain = new MantleRequestHandler(chain);
        }

        // The SDK enforces its own per-call timeout; HttpClient's 100 s default would cut long generations short.
        var http = new HttpClient(chain, disposeHandler: handler is null) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new AnthropicClient(new ClientOptions
        {
            ApiKey = keyProblem is null ? settings.ApiKey : "unset",
            BaseUrl = baseUrl.ToString().TrimEnd('/'),
            HttpClient = http,
            MaxRetries = 0,
            ExtraHeaders = settings.DefaultHeaders,
        });

        // Outermost first. The capability guard and retries are added around this by ProviderChatClientFactory.
        return new ChatClientBuilder(client.AsIChatClient(profile.WireModelId, capabilities.MaxOutputTokens, profile.ThinkingMode))
            .UseKeyProblem(keyProblem)
            .UseStreamCompletionCheck(Name)
            .UseProviderErrors(Name, "a Messages API response", (error, cancellationToken) => AnthropicErrorMapping.FromException(error, context, baseUrl, cancellationToken))
            .ConfigureOptions(options => AnthropicRequestMapping.Configure(options, profile))
            .UseOwnership(client, http)
            .Build();
    }
}
