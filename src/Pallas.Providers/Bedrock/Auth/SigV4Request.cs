namespace Pallas.Providers.Bedrock.Auth;

/// <summary>What SigV4 signs: the method, the path and query exactly as sent, the headers to sign, and the body.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The path as it goes on the wire (already percent-encoded once).</param>
/// <param name="Query">The query string without <c>?</c>, or empty.</param>
/// <param name="Headers">Headers to sign, in any order and case; repeated names are allowed.</param>
/// <param name="Body">The request body.</param>
internal sealed record SigV4Request(string Method, string Path, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body);
