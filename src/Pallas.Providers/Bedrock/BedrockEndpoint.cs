using Pallas.Configuration.Settings;
using Pallas.Providers.Bedrock.Auth;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Bedrock;

/// <summary>Where Converse calls go: the region and the request URIs.</summary>
internal static class BedrockEndpoint
{
    /// <summary>The region: <c>bedrock.region</c>, <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>.</summary>
    public static string ResolveRegion(BedrockSettings settings, IEnvironmentVariables environment) =>
        settings.Region is { Length: > 0 } region ? region
        : environment.Get("AWS_REGION") ?? environment.Get("AWS_DEFAULT_REGION")
        ?? throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.Validation,
            "No AWS region is set for the bedrock provider; set bedrock.region in fastagent.config.yaml or AWS_REGION in .env or the environment.");

    /// <summary><c>{base}/model/{modelId}/{operation}</c> with the model id as ONE percent-encoded segment (<c>:</c> → <c>%3A</c>, <c>/</c> → <c>%2F</c>).</summary>
    public static Uri OperationUri(Uri? baseUrl, string region, string modelId, string operation)
    {
        var root = (baseUrl?.ToString() ?? $"https://bedrock-runtime.{region}.amazonaws.com").TrimEnd('/');
        return new Uri($"{root}/model/{Uri.EscapeDataString(modelId)}/{operation}");
    }
}
