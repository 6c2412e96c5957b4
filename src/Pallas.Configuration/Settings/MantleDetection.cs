namespace Pallas.Configuration.Settings;

/// <summary>Recognises Bedrock Mantle endpoints (<c>bedrock-mantle.{region}.api.aws</c> and VPC endpoint names).</summary>
public static class MantleDetection
{
    /// <summary>Whether the URL's host names Bedrock Mantle.</summary>
    public static bool IsMantleHost(Uri? url) =>
        url is not null && url.Host.Contains("bedrock-mantle", StringComparison.OrdinalIgnoreCase);
}
