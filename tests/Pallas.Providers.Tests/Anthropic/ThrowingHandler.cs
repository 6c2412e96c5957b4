namespace Pallas.Providers.Tests.Anthropic;

/// <summary>A transport that fails every request with <paramref name="error"/>, like an unreachable host.</summary>
internal sealed class ThrowingHandler(Exception error) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromException<HttpResponseMessage>(error);
}
