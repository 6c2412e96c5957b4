using System.Text;

namespace Pallas.Providers.Errors;

/// <summary>
/// The innermost handler of the Anthropic and OpenAI clients: turns a non-success response, a failed connection or a
/// success answer whose body is not the API's (see <see cref="ResponseBodyCheck"/>) into a <see cref="ProviderException"/>
/// before the SDK sees it, so the Retry-After header is kept and the text is ours.
/// </summary>
/// <remarks>Both SDKs let exceptions from their transport propagate unchanged (checked for Anthropic 13.14.0 and OpenAI 2.15.0).</remarks>
internal sealed class ProviderHttpErrorHandler(HttpErrorContext context, TimeProvider time, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw HttpErrorTranslator.FromNetwork(context, request.RequestUri, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return ProviderCall.Current is { } call ? await CheckBodyAsync(call, request, response, cancellationToken) : response;
        }

        using (response)
        {
            var body = await ReadBoundedAsync(response.Content, cancellationToken);
            var retryAfter = HttpErrorTranslator.ReadRetryAfter(response.Headers, time);
            throw HttpErrorTranslator.FromResponse(context, (int)response.StatusCode, body, retryAfter);
        }
    }

    // A body that is not the API's format is said so here: past this point the SDK's parser finds no events and ends
    // quietly, and the caller would be told the stream was cut.
    private async Task<HttpResponseMessage> CheckBodyAsync(ProviderCall call, HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        BodyStart start;
        try
        {
            start = await ResponseBodyCheck.PeekAsync(request, response, call.Expected, context.Secret, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // Nothing was read yet: a connection failure like any other, and safe to retry.
            response.Dispose();
            throw HttpErrorTranslator.FromNetwork(context, request.RequestUri, ex);
        }

        if (!start.Valid)
        {
            response.Dispose();
            throw ResponseBodyCheck.NotExpected(context.Provider, start);
        }

        call.Answer = start;
        return response;
    }

    private static async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (IOException)
        {
            // The status alone still says what happened.
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
