using Amazon.Runtime;

namespace Pallas.Providers.Bedrock.Auth;

/// <summary>The AWS SDK's default credential chain (env, web identity, profile, container, IMDS); a seam for tests.</summary>
internal interface IAwsCredentialChain
{
    /// <summary>Resolves the chain's credentials object; it refreshes itself when it holds temporary credentials.</summary>
    Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken);
}
