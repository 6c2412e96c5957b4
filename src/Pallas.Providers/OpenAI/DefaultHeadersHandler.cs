namespace Pallas.Providers.OpenAI;

/// <summary>Adds the configured <c>default_headers</c> to every request, never replacing what the SDK set (e.g. Authorization).</summary>
internal sealed class DefaultHeadersHandler(IReadOnlyDictionary<string, string> headers, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
