using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;

namespace Pallas.Providers.OpenAI;

/// <summary>Turns the caller's <see cref="ChatOptions"/> into what the Chat Completions adapter is given.</summary>
internal static class OpenAIRequestMapping
{
    /// <summary>Bounds the output tokens by the model's maximum; Chat Completions has no top_k, so it is dropped.</summary>
    /// <param name="options">The call's options, already a copy (<c>ConfigureOptions</c> clones them): changed in place.</param>
    /// <param name="capabilities">The model's capabilities (output token bound).</param>
    public static void Configure(ChatOptions options, ModelCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capabilities);
        options.MaxOutputTokens = capabilities.BoundOutputTokens(options.MaxOutputTokens);
        options.TopK = null;
    }
}
