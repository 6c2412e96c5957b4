using Amazon.Runtime;
using Pallas.Providers.Bedrock.Auth;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Tests.Bedrock;

public sealed class AwsCredentialSourceTests : IDisposable
{
    // An empty shared-credentials file: no profile of any name, as on an EC2 instance, ECS task or EKS pod.
    private readonly string emptyCredentials = Path.GetTempFileName();

    public void Dispose() => File.Delete(emptyCredentials);

    [Fact]
    public async Task DefaultProfile_Absent_FallsThroughToTheRestOfTheChain()
    {
        var source = new AwsCredentialSource("default", Environment(), new FixedChain());

        var credentials = await source.GetAsync(TestContext.Current.CancellationToken);

        Assert.Equal("AKIDFROMINSTANCEROLE", credentials.AccessKeyId);
    }

    [Fact]
    public async Task NamedProfile_Absent_IsAClearError()
    {
        var source = new AwsCredentialSource("prod", Environment(), new FixedChain());

        var error = await Assert.ThrowsAsync<ProviderException>(() => source.GetAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.StartsWith("AWS profile 'prod' was not found", error.Message, StringComparison.Ordinal);
    }

    private DictionaryEnvironment Environment() => new(new Dictionary<string, string> { ["AWS_SHARED_CREDENTIALS_FILE"] = emptyCredentials });

    /// <summary>What the SDK chain finds past the profiles: here, an instance role's keys.</summary>
    private sealed class FixedChain : IAwsCredentialChain
    {
        public Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken) =>
            Task.FromResult<AWSCredentials>(new BasicAWSCredentials("AKIDFROMINSTANCEROLE", "instance-role-secret"));
    }
}
