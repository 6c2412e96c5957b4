using System.Globalization;
using System.Net.Http.Headers;

namespace Pallas.Providers.Bedrock.Auth;

/// <summary>
/// Adds Bedrock authentication to a request: a non-empty <c>AWS_BEARER_TOKEN_BEDROCK</c> wins (Bedrock API key, sent as
/// <c>Authorization: Bearer</c>); otherwise SigV4 for service <c>bedrock</c> with credentials from the AWS chain.
/// </summary>
internal sealed class BedrockAuthenticator(IEnvironmentVariables environment, AwsCredentialSource credentials, TimeProvider time)
{
    /// <summary>The environment variable holding a Bedrock API key.</summary>
    public const string BearerTokenVariable = "AWS_BEARER_TOKEN_BEDROCK";

    /// <summary>The SigV4 signing name of Bedrock Runtime (not the endpoint prefix <c>bedrock-runtime</c>).</summary>
    public const string SigningService = "bedrock";

    /// <summary>Authenticates <paramref name="request"/>, whose body is <paramref name="body"/>.</summary>
    public async Task AuthenticateAsync(HttpRequestMessage request, byte[] body, string region, CancellationToken cancellationToken)
    {
        if (environment.Get(BearerTokenVariable) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return;
        }

        var keys = await credentials.GetAsync(cancellationToken);
        var uri = request.RequestUri!;
        var now = time.GetUtcNow();
        var amzDate = now.UtcDateTime.ToString(SigV4Signer.AmzDateFormat, CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var signed = new List<KeyValuePair<string, string>>
        {
            new("host", host),
            new("x-amz-date", amzDate),
            new("content-type", request.Content?.Headers.ContentType?.ToString() ?? "application/json"),
        };

        // Temporary credentials: the token must be present and signed (bedrock-wire.md §3.3).
        if (keys.SessionToken is { } sessionToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", sessionToken);
            signed.Add(new("x-amz-security-token", sessionToken));
        }

        var signature = SigV4Signer.Sign(
            new SigV4Request(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), signed, body),
            keys,
            region,
            SigningService,
            now);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
    }
}
