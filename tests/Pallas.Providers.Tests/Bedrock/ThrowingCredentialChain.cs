using Amazon.Runtime;
using Pallas.Providers.Bedrock.Auth;

namespace Pallas.Providers.Tests.Bedrock;

/// <summary>A default chain that finds nothing, as on a machine without any AWS configuration.</summary>
internal sealed class ThrowingCredentialChain : IAwsCredentialChain
{
    public int Calls { get; private set; }

    public Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        Calls++;
        throw new AmazonClientException("Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors: ...");
    }
}
