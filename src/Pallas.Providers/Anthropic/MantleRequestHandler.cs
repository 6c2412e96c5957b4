using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Pallas.Providers.Anthropic;

/// <summary>
/// The Mantle shims on the wire: every Messages API request passes through <see cref="MantleRequestShim"/>, loses the
/// <c>anthropic-beta</c> header and carries the <c>anthropic-version</c> Mantle documents. Being the last step before
/// the network, it also covers headers and fields added by configuration or by future SDK versions.
/// </summary>
internal sealed class MantleRequestHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>The API version AWS documents for Mantle (and Anthropic's own Mantle client sends).</summary>
    public const string AnthropicVersion = "2023-06-01";

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("anthropic-beta");
        request.Headers.Remove("anthropic-version");
        request.Headers.TryAddWithoutValidation("anthropic-version", AnthropicVersion);

        if (request.Content is { } content && request.Method == HttpMethod.Post
            && request.RequestUri?.AbsolutePath.EndsWith("/v1/messages", StringComparison.Ordinal) == true)
        {
            var text = await content.ReadAsStringAsync(cancellationToken);
            if (JsonNode.Parse(text) is JsonObject body)
            {
                MantleRequestShim.Apply(body);
                var rewritten = new StringContent(body.ToJsonString(), Encoding.UTF8);
                rewritten.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Content = rewritten;
                content.Dispose();
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
