namespace Pallas.Configuration.Models;

/// <summary>Names and classification of <see cref="ModelProvider"/> values.</summary>
public static class ModelProviderExtensions
{
    /// <summary>Whether the provider runs in-process without a network.</summary>
    public static bool IsOffline(this ModelProvider provider) => provider >= ModelProvider.Passthrough;

    /// <summary>The provider's name as written in a model string (<c>bedrock</c>, <c>openai</c>, <c>passthrough</c>, ...).</summary>
    public static string ToConfigName(this ModelProvider provider) => provider switch
    {
        ModelProvider.OpenAI => "openai",
        _ => provider.ToString().ToLowerInvariant(),
    };
}
