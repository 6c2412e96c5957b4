using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Errors;
using Pallas.Providers.Pipeline;

namespace Pallas.Providers.OpenAI;

/// <summary>
/// The <c>openai</c> and <c>generic</c> providers: Chat Completions through the official SDK and its M.E.AI adapter,
/// against api.openai.com, Bedrock Mantle (path 3) or any OpenAI-compatible server.
/// </summary>
public static class OpenAIProvider
{
    /// <summary>The base URL used when <c>openai.base_url</c> is not set.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1");

    /// <summary>Sent as the key to servers that want none (Ollama, llama.cpp): the SDK requires one.</summary>
    internal const string PlaceholderKey = "generic";

    // Matches the Anthropic SDK's per-call default, so long generations are not cut at the pipeline's 100 s.
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Creates a long-lived <c>openai</c> chat client; key problems surface on each call, not here.</summary>
    /// <param name="model">The model; its id (e.g. <c>minimax.minimax-m2.5</c>) is sent as is.</param>
    /// <param name="capabilities">Bounds the output tokens (images are checked by ProviderChatClientFactory's capability guard).</param>
    /// <param name="settings">The <c>openai</c> section.</param>
    /// <param name="handler">The HTTP handler to send through (tests, emulators); by default a new socket handler.</param>
    public static IChatClient CreateChatClient(ModelSpec model, ModelCapabilities capabilities, OpenAISettings settings, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Create("openai", model, capabilities, settings.BaseUrl ?? DefaultBaseUrl, settings.ApiKey, required: true,
            settings.IsMantle, settings.DefaultHeaders, handler);
    }

    /// <summary>Creates a long-lived <c>generic</c> chat client: the same without a required key.</summary>
    /// <param name="model">The model; its id is sent as is.</param>
    /// <param name="capabilities">Bounds the output tokens (images are checked by ProviderChatClientFactory's capability guard).</param>
    /// <param name="settings">The <c>generic</c> section (default base URL http://localhost:11434/v1).</param>
    /// <param name="handler">The HTTP handler to send through (tests, emulators); by default a new socket handler.</param>
    public static IChatClient CreateGenericChatClient(ModelSpec model, ModelCapabilities capabilities, GenericSettings settings, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Create("generic", model, capabilities, settings.BaseUrl, settings.ApiKey, required: false,
            mantle: false, new Dictionary<string, string>(), handler);
    }

    private static IChatClient Create(
        string provider,
        ModelSpec model,
        ModelCapabilities capabilities,
        Uri baseUrl,
        string? apiKey,
        bool required,
        bool mantle,
        IReadOnlyDictionary<string, string> headers,
        HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(capabilities);

        var keyProblem = ApiKeyCheck.Check(provider, apiKey, required, mantle);
        var context = new HttpErrorContext(provider, model.ModelId, mantle, apiKey);
        HttpMessageHandler chain = new ProviderHttpErrorHandler(context, TimeProvider.System, handler ?? new SocketsHttpHandler());
        if (headers.Count > 0)
        {
            chain = new DefaultHeadersHandler(headers, chain);
        }

        var http = new HttpClient(chain, disposeHandler: handler is null) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = NetworkTimeout,
        };
        var key = keyProblem is null && !string.IsNullOrEmpty(apiKey) ? apiKey : PlaceholderKey;
        // Outermost first. The capability guard and retries are added around this by ProviderChatClientFactory.
        return new ChatClientBuilder(new ChatClient(model.ModelId, new ApiKeyCredential(key), options).AsIChatClient())
            .UseKeyProblem(keyProblem)
            .UseStreamCompletionCheck(provider)
            .UseProviderErrors(provider, "a Chat Completions response", (error, cancellationToken) => OpenAIErrorMapping.FromException(error, context, baseUrl, cancellationToken))
            .ConfigureOptions(chatOptions => OpenAIRequestMapping.Configure(chatOptions, capabilities))
            .UseOwnership(http)
            .Build();
    }
}
