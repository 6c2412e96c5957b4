using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pallas.Configuration.Models;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Bedrock;

/// <summary>Translates Bedrock failures into one-line <see cref="ProviderException"/>s (botocore-style error parsing).</summary>
internal static class BedrockErrors
{
    /// <summary>The provider name as in model strings.</summary>
    public const string Provider = "bedrock";

    /// <summary>What to check when no credentials are found, in the seed's order.</summary>
    public const string MissingCredentialsAdvice =
        "Check in order: 1) is AWS_BEARER_TOKEN_BEDROCK set in .env or the environment? " +
        "2) is ~/.aws/credentials present and does it contain the expected profile (bedrock.profile / AWS_PROFILE, else 'default')? " +
        "3) is the IAM role attached to the instance/container?";

    /// <summary>The message of the first call made without any credentials.</summary>
    public const string MissingCredentialsMessage = "AWS credentials not found for the bedrock provider. " + MissingCredentialsAdvice;

    /// <summary>The hint added to AccessDenied on a cross-region inference id.</summary>
    public const string InferenceProfileHint =
        "Cross-region inference ids need the IAM policy to allow arn:aws:bedrock:*:*:inference-profile/* (in addition to arn:aws:bedrock:*::foundation-model/*).";

    /// <summary>Maps a non-success HTTP response.</summary>
    public static ProviderException FromHttpError(HttpStatusCode status, HttpResponseHeaders headers, string body, string modelId)
    {
        var header = headers.TryGetValues("x-amzn-errortype", out var values) ? values.FirstOrDefault() : null;
        var (code, message) = ParseErrorBody(body, header);
        return FromCode(code ?? ((int)status).ToString(CultureInfo.InvariantCulture), message, (int)status, modelId, RetryAfter(headers));
    }

    /// <summary>Maps an <c>exception</c> or <c>error</c> message inside a ConverseStream body.</summary>
    public static ProviderException FromStreamException(string code, string? message, string modelId, bool contentYielded)
    {
        var error = FromCode(code, message, status: null, modelId, retryAfter: null);
        if (contentYielded && error.IsTransient)
        {
            // Part of the answer was already shown: a retry would repeat it, so this is an interrupted stream.
            return new ProviderException(Provider, ProviderErrorKind.StreamInterrupted,
                $"Bedrock stream for '{modelId}' was interrupted after output had started ({error.Message})");
        }

        return error;
    }

    /// <summary>The first line of a message, so that no multi-line dump reaches a caller.</summary>
    public static string FirstLine(string? text)
    {
        var value = (text ?? "").Trim();
        var newline = value.IndexOfAny(['\r', '\n']);
        return newline < 0 ? value : value[..newline].TrimEnd();
    }

    private static ProviderException FromCode(string rawCode, string? rawMessage, int? status, string modelId, TimeSpan? retryAfter)
    {
        var code = NormalizeCode(rawCode);
        var message = FirstLine(rawMessage);
        var detail = message.Length > 0 ? message : code;
        var lower = code.ToLowerInvariant();

        ProviderException Make(ProviderErrorKind kind, string text) => new(Provider, kind, text, retryAfter);

        switch (lower)
        {
            case "validationexception":
                return Make(ProviderErrorKind.Validation, $"Bedrock rejected the request for '{modelId}': {detail}");
            case "accessdeniedexception":
                var hint = ModelDatabase.IsCrossRegionId(modelId) ? " " + InferenceProfileHint : " Check the IAM policy (bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream) and model access in the Bedrock console.";
                return Make(ProviderErrorKind.AccessDenied, $"Access denied calling Bedrock model '{modelId}': {detail}.{hint}");
            case "resourcenotfoundexception":
                return Make(ProviderErrorKind.NotFound, $"Bedrock model '{modelId}' was not found in this region: {detail}");
            case "throttlingexception" or "modelnotreadyexception" or "servicequotaexceededexception" or "toomanyrequestsexception":
                return Make(ProviderErrorKind.Throttled, $"Bedrock throttled the request for '{modelId}' ({code}): {detail}");
            case "internalserverexception" or "serviceunavailableexception" or "internalfailure" or "serviceunavailable":
                return Make(ProviderErrorKind.ServerError, $"Bedrock failed on '{modelId}' ({code}): {detail}");
            case "unrecognizedclientexception" or "invalidsignatureexception" or "expiredtokenexception" or "incompletesignatureexception"
                or "missingauthenticationtokenexception" or "invalidclienttokenid" or "signaturedoesnotmatch":
                return Make(ProviderErrorKind.Unauthorized, $"Bedrock rejected the credentials ({code}): {detail}. Refresh the AWS credentials or the Bedrock API key.");
            case "modelerrorexception" or "modeltimeoutexception" or "modelstreamerrorexception":
                return Make(ProviderErrorKind.ModelError, $"Bedrock model '{modelId}' failed ({code}): {detail}");
        }

        var kind = status switch
        {
            400 or 422 => ProviderErrorKind.Validation,
            401 => ProviderErrorKind.Unauthorized,
            403 => ProviderErrorKind.AccessDenied,
            404 => ProviderErrorKind.NotFound,
            408 or 424 => ProviderErrorKind.ModelError,
            429 => ProviderErrorKind.Throttled,
            >= 500 => ProviderErrorKind.ServerError,
            null when lower.Contains("throttl", StringComparison.Ordinal) => ProviderErrorKind.Throttled,
            null when lower.Contains("unavailable", StringComparison.Ordinal) || lower.Contains("internal", StringComparison.Ordinal) => ProviderErrorKind.ServerError,
            _ => ProviderErrorKind.ModelError,
        };
        var statusText = status is { } s ? $"HTTP {s}" : "stream error";
        return Make(kind, $"Bedrock call for '{modelId}' failed ({statusText}, {code}): {detail}");
    }

    private static (string? Code, string? Message) ParseErrorBody(string body, string? headerCode)
    {
        string? code = null;
        string? message = null;
        string? bodyCode = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var root = document.RootElement;
                    message = StringProperty(root, "message") ?? StringProperty(root, "Message");
                    code = StringProperty(root, "__type");
                    bodyCode = StringProperty(root, "code") ?? StringProperty(root, "Code");
                }
            }
            catch (JsonException)
            {
                message = body;
            }
        }

        code = headerCode ?? code ?? bodyCode;
        return (code, message);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string NormalizeCode(string code)
    {
        var value = code;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            value = value[..colon];
        }

        var hash = value.LastIndexOf('#');
        return hash >= 0 ? value[(hash + 1)..] : value;
    }

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }
}
