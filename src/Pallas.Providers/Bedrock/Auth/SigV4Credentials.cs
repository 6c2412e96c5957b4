namespace Pallas.Providers.Bedrock.Auth;

/// <summary>The key material a SigV4 signature needs; <paramref name="SessionToken"/> is set for temporary credentials.</summary>
internal sealed record SigV4Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Never print the secret or the token.</summary>
    public override string ToString() => $"SigV4Credentials {{ AccessKeyId = {AccessKeyId} }}";
}
