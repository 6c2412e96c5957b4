namespace Pallas.Providers.Bedrock.Auth;

/// <summary>The result of signing: the <c>Authorization</c> value and the intermediate strings (for tests and debugging).</summary>
internal sealed record SigV4Signature(string Authorization, string CanonicalRequest, string StringToSign, string Signature);
