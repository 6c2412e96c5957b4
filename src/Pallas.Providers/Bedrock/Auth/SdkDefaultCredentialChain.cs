using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Pallas.Providers.Bedrock.Auth;

/// <summary>AWSSDK.Core's <see cref="DefaultAWSCredentialsIdentityResolver"/>.</summary>
internal sealed class SdkDefaultCredentialChain : IAwsCredentialChain
{
    /// <summary>The shared instance.</summary>
    public static SdkDefaultCredentialChain Instance { get; } = new();

    /// <inheritdoc />
    public async Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync();
    }
}
