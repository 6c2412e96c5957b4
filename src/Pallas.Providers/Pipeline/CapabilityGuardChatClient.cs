using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Pipeline;

/// <summary>
/// Refuses a request that <see cref="ModelCapabilities"/> says the model cannot take (images without vision) before it
/// reaches the provider: the one place this rule is enforced, for every provider, offline models included.
/// </summary>
internal sealed class CapabilityGuardChatClient(IChatClient innerClient, ModelSpec model, ModelCapabilities capabilities) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await base.GetResponseAsync(Checked(messages), options, cancellationToken);

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Checked on enumeration, not on the call, so the refusal surfaces where the caller awaits the stream.
        await foreach (var update in base.GetStreamingResponseAsync(Checked(messages), options, cancellationToken))
        {
            yield return update;
        }
    }

    private List<ChatMessage> Checked(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);

        // Enumerated once here, so the provider gets the very messages that were checked.
        var list = messages as List<ChatMessage> ?? [.. messages];
        if (!capabilities.Vision && list.SelectMany(message => message.Contents).Any(IsImage))
        {
            // A caller-facing line (agents return it as the tool error): what was refused and the setting that decides it.
            throw new ProviderException(model.Provider.ToConfigName(), ProviderErrorKind.Validation,
                $"The model '{model}' does not accept images (vision: false). Send text only, or, if the model does take images, "
                + "set model_capabilities: {vision: true} for this agent in agents.yaml.");
        }

        return list;
    }

    private static bool IsImage(AIContent content) => content switch
    {
        DataContent data => data.HasTopLevelMediaType("image"),
        UriContent uri => uri.HasTopLevelMediaType("image"),
        _ => false,
    };
}
