using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Bedrock.Auth;
using Pallas.Providers.Bedrock.Mapping;

namespace Pallas.Providers.Bedrock;

/// <summary>
/// Creates the Bedrock Converse <see cref="IChatClient"/> (integration path 1). The capability guard and retries are added
/// around it by <see cref="ProviderChatClientFactory"/>.
/// </summary>
public static class BedrockProvider
{
    /// <summary>Bounds one Converse call, streaming included; long answers from large models fit well inside it.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Creates the client. No credentials are needed here: they are resolved at the first call.</summary>
    /// <param name="model">The parsed model string (provider <c>bedrock</c>); its reasoning level wins over <c>bedrock.reasoning</c>.</param>
    /// <param name="capabilities">The model's resolved capabilities (the output ceiling).</param>
    /// <param name="settings">The <c>bedrock</c> configuration section.</param>
    /// <param name="handler">An HTTP handler to use (tests, proxies); the default is a pooled <see cref="SocketsHttpHandler"/>.</param>
    /// <param name="time">The clock used for SigV4 dates.</param>
    public static IChatClient CreateChatClient(ModelSpec model, ModelCapabilities capabilities, BedrockSettings settings, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(settings);
        return Create(model, capabilities, settings, ProcessEnvironmentVariables.Instance, SdkDefaultCredentialChain.Instance, handler, time);
    }

    /// <summary>The same, with the environment and the AWS chain injected (tests).</summary>
    internal static IChatClient Create(
        ModelSpec model,
        ModelCapabilities capabilities,
        BedrockSettings settings,
        IEnvironmentVariables environment,
        IAwsCredentialChain chain,
        HttpMessageHandler? handler = null,
        TimeProvider? time = null)
    {
        var http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            : new HttpClient(handler, disposeHandler: false);
        http.Timeout = RequestTimeout;

        var context = new ConverseRequestContext(model.ModelId, capabilities, model.Reasoning ?? settings.Reasoning);
        var credentials = new AwsCredentialSource(settings.Profile, environment, chain);
        var authenticator = new BedrockAuthenticator(environment, credentials, time ?? TimeProvider.System);
        return new BedrockConverseChatClient(context, settings, http, authenticator, environment);
    }
}
