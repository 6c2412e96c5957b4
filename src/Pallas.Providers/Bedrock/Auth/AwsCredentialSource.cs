using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Bedrock.Auth;

/// <summary>
/// Finds SigV4 credentials lazily at the first call and caches them: environment keys, then the named profile
/// (<c>bedrock.profile</c> or <c>AWS_PROFILE</c>) from the shared files, then the SDK's default chain (default profile,
/// SSO, assume-role, container, IMDSv2). Temporary credentials refresh themselves inside the SDK object before expiry.
/// </summary>
internal sealed class AwsCredentialSource(string? configuredProfile, IEnvironmentVariables environment, IAwsCredentialChain chain)
{
    private const string DefaultProfile = "default";

    private readonly Lock gate = new();
    private Task<AWSCredentials>? resolving;

    /// <summary>The credentials to sign the next request with.</summary>
    public async Task<SigV4Credentials> GetAsync(CancellationToken cancellationToken)
    {
        // Environment keys are read on every call so that rotating them needs no restart.
        if (environment.Get("AWS_ACCESS_KEY_ID") is { } accessKey && (environment.Get("AWS_SECRET_ACCESS_KEY") ?? environment.Get("AWS_SECRET_KEY")) is { } secret)
        {
            return new SigV4Credentials(accessKey, secret, environment.Get("AWS_SESSION_TOKEN") ?? environment.Get("AWS_SECURITY_TOKEN"));
        }

        var credentials = await ResolveAsync(cancellationToken);
        ImmutableCredentials current;
        try
        {
            current = await credentials.GetCredentialsAsync();
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or InvalidOperationException or IOException or HttpRequestException)
        {
            throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.MissingCredentials,
                $"AWS credentials could not be loaded ({BedrockErrors.FirstLine(ex.Message)}). {BedrockErrors.MissingCredentialsAdvice}", innerException: ex);
        }

        return new SigV4Credentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
    }

    private async Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        Task<AWSCredentials> task;
        lock (gate)
        {
            // One resolution shared by concurrent first calls; not tied to any one caller's cancellation.
            task = resolving ??= ResolveUncachedAsync(CancellationToken.None);
        }

        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch (Exception) when (task.IsFaulted)
        {
            // A failed resolution is not cached: the user may fix the credentials without restarting.
            lock (gate)
            {
                if (ReferenceEquals(resolving, task))
                {
                    resolving = null;
                }
            }

            throw;
        }
    }

    private async Task<AWSCredentials> ResolveUncachedAsync(CancellationToken cancellationToken)
    {
        var profile = configuredProfile ?? environment.Get("AWS_PROFILE");
        if (profile is not null)
        {
            var store = new CredentialProfileStoreChain(environment.Get("AWS_SHARED_CREDENTIALS_FILE"));
            if (store.TryGetAWSCredentials(profile, out var fromProfile))
            {
                return fromProfile;
            }

            // `profile: default` (the seed's own snippet) names what the chain tries anyway; when it is absent, as on
            // EC2, ECS or EKS, the rest of the chain (web identity, container, instance role) must still be reached.
            if (!string.Equals(profile, DefaultProfile, StringComparison.Ordinal))
            {
                throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.MissingCredentials,
                    $"AWS profile '{profile}' was not found in the shared credentials or config file. {BedrockErrors.MissingCredentialsAdvice}");
            }
        }

        try
        {
            return await chain.ResolveAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or InvalidOperationException or IOException or HttpRequestException)
        {
            throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.MissingCredentials, BedrockErrors.MissingCredentialsMessage, innerException: ex);
        }
    }
}
