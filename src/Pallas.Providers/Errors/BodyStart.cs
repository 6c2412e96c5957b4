namespace Pallas.Providers.Errors;

/// <summary>The first bytes of a success answer and what they were judged to be; enough to say what came instead.</summary>
/// <param name="Request">The request answered: its URL is named, its credential headers are kept out of any excerpt.</param>
/// <param name="Status">The HTTP status of the answer.</param>
/// <param name="MediaType">The answer's Content-Type media type, if any.</param>
/// <param name="Format">The format that was expected.</param>
/// <param name="Bytes">The first bytes of the body (at most <see cref="ResponseBodyCheck.PeekLength"/>).</param>
/// <param name="Ended">Whether <paramref name="Bytes"/> is the whole body.</param>
/// <param name="Valid">Whether the body starts as <paramref name="Format"/> does.</param>
/// <param name="Secret">The key in use, removed from any excerpt.</param>
internal sealed record BodyStart(
    HttpRequestMessage Request,
    int Status,
    string? MediaType,
    BodyFormat Format,
    ReadOnlyMemory<byte> Bytes,
    bool Ended,
    bool Valid,
    string? Secret);
