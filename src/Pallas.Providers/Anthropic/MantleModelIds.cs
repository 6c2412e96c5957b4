namespace Pallas.Providers.Anthropic;

/// <summary>Model ids and URLs as Bedrock Mantle's Anthropic endpoint wants them.</summary>
internal static class MantleModelIds
{
    /// <summary>The prefix Mantle model ids carry; the model string's own <c>anthropic.</c> names the provider and is gone after parsing.</summary>
    public const string Prefix = "anthropic.";

    private const string AnthropicPath = "/anthropic";

    /// <summary>The wire id for Mantle: <c>claude-opus-4-7</c> → <c>anthropic.claude-opus-4-7</c>; already prefixed ids are kept.</summary>
    public static string ToWire(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return modelId.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? modelId : Prefix + modelId;
    }

    /// <summary>
    /// The region root of a Mantle base URL (<c>https://bedrock-mantle.us-east-1.api.aws/anthropic</c> →
    /// <c>https://bedrock-mantle.us-east-1.api.aws</c>): Mantle serves its model catalogue there, not under <c>/anthropic</c>.
    /// </summary>
    public static Uri RegionRoot(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(AnthropicPath, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^AnthropicPath.Length];
        }

        return new UriBuilder(baseUrl) { Path = path, Query = "", Fragment = "" }.Uri;
    }
}
