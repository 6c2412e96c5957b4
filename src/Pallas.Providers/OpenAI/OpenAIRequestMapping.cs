using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;

namespace Pallas.Providers.OpenAI;

/// <summary>Pure mapping from the caller's <see cref="ChatOptions"/> to what the Chat Completions adapter is given.</summary>
internal static class OpenAIRequestMapping
{
    /// <summary>Bounds the output tokens by the model's maximum; Chat Completions has no top_k, so it is dropped.</summary>
    public static ChatOptions ToChatOptions(ChatOptions? options, ModelCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var result = options?.Clone() ?? new ChatOptions();
        result.MaxOutputTokens = capabilities.BoundOutputTokens(result.MaxOutputTokens);
        result.TopK = null;
        return result;
    }
}
