using System.Net.Http.Headers;

namespace Pallas.Agents.Downstream;

/// <summary>
/// Adds the inbound call's <c>Authorization: Bearer</c> to each request, read when the request is sent (not at
/// connect time): a persistent MCP connection serves many callers, each with their own token.
/// </summary>
internal sealed class BearerForwardingHandler(HttpMessageHandler innerHandler) : DelegatingHandler(innerHandler)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (InboundBearerToken.Value is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
