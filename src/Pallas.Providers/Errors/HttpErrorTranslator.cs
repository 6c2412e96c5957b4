using System.Net.Http.Headers;
using System.Text.Json;
using Pallas.Configuration.Models;

namespace Pallas.Providers.Errors;

/// <summary>
/// Turns an HTTP failure of an Anthropic- or OpenAI-shaped API into a <see cref="ProviderException"/>: the one
/// status switch shared by the providers and the startup preflight, so both show the same one-line texts.
/// </summary>
internal static class HttpErrorTranslator
{
    /// <summary>The text for a 401 from Bedrock Mantle (from the integration guide's troubleshooting section).</summary>
    public const string MantleUnauthorized = "the Bedrock long-term API key is invalid or expired; regenerate it and update BEDROCK_API_KEY";

    private const int MaxDetailLength = 300;

    /// <summary>Maps a non-success status and the error body the server sent.</summary>
    public static ProviderException FromResponse(HttpErrorContext context, int status, string? body, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var provider = context.Provider;
        var detail = Clean(ReadErrorMessage(body) ?? $"HTTP {status}", context.Secret);
        return status switch
        {
            401 when context.IsMantle => new(provider, ProviderErrorKind.Unauthorized, MantleUnauthorized),
            401 => new(provider, ProviderErrorKind.Unauthorized,
                $"the {provider} API key was rejected (401: {detail}); check {context.KeySetting} in fastagent.secrets.yaml"),
            403 => new(provider, ProviderErrorKind.AccessDenied, context.IsMantle
                ? $"Bedrock Mantle denied access to '{context.ModelId}' (403: {detail}); enable model access in the Bedrock console for this region and check what the API key may invoke"
                : $"{provider} denied access to '{context.ModelId}' (403: {detail})"),
            404 when context.IsMantle && MantleModels.IsUnavailable(context.ModelId) => new(provider, ProviderErrorKind.NotFound, MantleModels.SonnetHasNoMantleEndpoint),
            404 => new(provider, ProviderErrorKind.NotFound, context.IsMantle
                ? $"Bedrock Mantle does not serve '{context.ModelId}' (404: {detail}); check the model id and that the model is offered on Mantle in this region"
                : $"{provider} has no model or endpoint for '{context.ModelId}' (404: {detail}); check the model id and base_url"
                  + (context.MayBeUnflaggedMantle ? $"; if this is Bedrock Mantle, set `{provider}.mantle: true`" : "")),
            429 => new(provider, ProviderErrorKind.Throttled, $"{provider} rate limit reached (429: {detail})", retryAfter),
            529 => new(provider, ProviderErrorKind.Throttled, $"{provider} is overloaded (529: {detail})", retryAfter),
            408 or 500 or 502 or 503 or 504 => new(provider, ProviderErrorKind.ServerError, $"{provider} service error ({status}: {detail})", retryAfter),
            >= 500 => new(provider, ProviderErrorKind.ModelError, $"{provider} failed the request ({status}: {detail})"),
            _ => new(provider, ProviderErrorKind.Validation, $"{provider} rejected the request ({status}: {detail})"),
        };
    }

    /// <summary>Maps a failure to connect or to read a response.</summary>
    public static ProviderException FromNetwork(HttpErrorContext context, Uri? target, Exception error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var where = target is null ? "the endpoint" : target.GetLeftPart(UriPartial.Authority);
        return new(context.Provider, ProviderErrorKind.Network,
            $"could not reach {context.Provider} at {where}: {Clean(error.Message, context.Secret)}; check base_url and the network", innerException: error);
    }

    /// <summary>Reads the wait a server asked for: <c>retry-after-ms</c>, then <c>Retry-After</c> (seconds or a date).</summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(time);
        if (headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var now = time.GetUtcNow();
        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }

    /// <summary>The <c>error.message</c> (Anthropic and OpenAI), a top-level <c>message</c>, or the body's first line.</summary>
    public static string? ReadErrorMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) && nested.ValueKind == JsonValueKind.String)
                    {
                        return nested.GetString();
                    }

                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return error.GetString();
                    }
                }

                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): fall through to the first line.
        }

        return body.Trim();
    }

    /// <summary>One line, bounded, with the key removed: server messages sometimes echo what they were sent.</summary>
    public static string Clean(string text, string? secret)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxDetailLength ? line : string.Concat(line.AsSpan(0, MaxDetailLength), "…");
    }

}
