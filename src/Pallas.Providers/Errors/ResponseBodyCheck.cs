using System.Globalization;
using System.Text.Unicode;
using Pallas.Providers.Bedrock.EventStream;

namespace Pallas.Providers.Errors;

/// <summary>
/// Tells a success answer that is not the API's (a captive portal's login page, a proxy's block page, another service
/// at base_url, an empty body) from the real thing by its first bytes, and says so in one line. Without it such a
/// body reaches a parser that gives up quietly, and the caller is told the stream was cut and the reply may be partial.
/// The rules of all providers live here so that each is written once.
/// </summary>
internal static class ResponseBodyCheck
{
    /// <summary>The most bytes read ahead of the parser: enough for any excerpt and for a key echoed within it.</summary>
    public const int PeekLength = 512;

    private const int ExcerptLength = 40;
    private const int HexBytes = 8;
    private static readonly byte[][] SseFields = ["event"u8.ToArray(), "data"u8.ToArray(), "id"u8.ToArray(), "retry"u8.ToArray()];

    /// <summary>
    /// Whether <paramref name="start"/> begins as <paramref name="format"/> does; <see langword="null"/> while more
    /// bytes are needed to tell (never when <paramref name="ended"/>).
    /// </summary>
    public static bool? IsExpected(BodyFormat format, ReadOnlySpan<byte> start, bool ended)
    {
        if (format == BodyFormat.AwsEventStream)
        {
            // A real ConverseStream body opens with a prelude whose CRC matches; text never does.
            return start.Length >= EventStreamCodec.PreludeLength ? EventStreamCodec.IsValidPrelude(start[..EventStreamCodec.PreludeLength])
                : ended ? false : null;
        }

        start = start.StartsWith("\uFEFF"u8) ? start[3..] : start;
        if (format == BodyFormat.Json)
        {
            var first = start.IndexOfAnyExcept(" \t\r\n"u8);
            return first >= 0 ? start[first] is (byte)'{' or (byte)'[' : ended ? false : null;
        }

        // An event stream opens with a field (event:, data:, id:, retry:) or a ':' comment, perhaps after blank lines.
        // Unknown field names are legal SSE but no API sends them first, and they are what an HTML or JSON body looks like.
        var line = start.IndexOfAnyExcept("\r\n"u8) is var at and >= 0 ? start[at..] : [];
        var end = line.IndexOfAny(":\r\n"u8);
        if (end >= 0)
        {
            return end == 0 || IsSseField(line[..end], whole: true);
        }

        return !IsSseField(line, whole: false) ? false : ended ? false : null;
    }

    /// <summary>How the message names <paramref name="format"/>: "… a body that is not JSON".</summary>
    public static string Describe(BodyFormat format) => format switch
    {
        BodyFormat.Json => "JSON",
        BodyFormat.ServerSentEvents => "an event stream",
        _ => "a Converse event stream",
    };

    /// <summary>
    /// Reads the start of <paramref name="response"/>'s body, only as far as needed to judge it, and when it is as
    /// expected puts back a body that replays those bytes before the rest.
    /// </summary>
    public static async Task<BodyStart> PeekAsync(
        HttpRequestMessage request, HttpResponseMessage response, BodyFormat format, string? secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var original = response.Content;
        var stream = await original.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[PeekLength];
        var length = 0;
        var ended = false;
        bool? verdict = null;

        // One read usually decides; a real stream's first bytes come at once, so this adds no wait before the first event.
        while (verdict is null && length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            ended = read == 0;
            length += read;
            verdict = IsExpected(format, buffer.AsSpan(0, length), ended);
        }

        // Undecided after PeekLength bytes (e.g. only whitespace): leave the judgement to the parser.
        var valid = verdict ?? true;
        if (!valid)
        {
            if (!ended && length < buffer.Length)
            {
                // Failing anyway: take the whole window, so the excerpt is complete and an echoed key is whole to remove.
                var more = await stream.ReadAtLeastAsync(buffer.AsMemory(length), buffer.Length - length, throwOnEndOfStream: false, cancellationToken);
                ended = length + more < buffer.Length;
                length += more;
            }

            await stream.DisposeAsync();
        }
        else
        {
            var replay = new StreamContent(new ReplayingStream(buffer.AsMemory(0, length), stream));
            foreach (var (name, values) in original.Headers)
            {
                replay.Headers.TryAddWithoutValidation(name, values);
            }

            response.Content = replay;
        }

        // A Content-Length that was all read means the excerpt is the whole body (no "…"), though no read returned 0 yet.
        ended |= original.Headers.ContentLength == length;
        return new(request, (int)response.StatusCode, original.Headers.ContentType?.MediaType, format, buffer.AsMemory(0, length), ended, valid, secret);
    }

    /// <summary>Judges a body already read in full.</summary>
    public static BodyStart Inspect(HttpRequestMessage request, HttpResponseMessage response, ReadOnlyMemory<byte> body, BodyFormat format, string? secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var valid = IsExpected(format, body.Span, ended: true) ?? true;
        var start = body.Length <= PeekLength ? body : body[..PeekLength];
        return new(request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, format, start, body.Length <= PeekLength, valid, secret);
    }

    /// <summary>
    /// The one-line error for a body that is not what the API sends, e.g. <c>bedrock at https://host/model/m/converse-stream
    /// answered HTTP 200 with a body that is not a Converse event stream (content-type text/html; starts with
    /// '&lt;!DOCTYPE html&gt;…'); check bedrock.base_url — a proxy or captive portal may be answering</c>.
    /// </summary>
    /// <param name="provider">Provider name as in model strings.</param>
    /// <param name="start">What came.</param>
    /// <param name="expected">What was expected, when more than the format (<c>a Chat Completions response</c>).</param>
    /// <param name="innerException">The parser's failure, if one was seen.</param>
    public static ProviderException NotExpected(string provider, BodyStart start, string? expected = null, Exception? innerException = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        return new(provider, ProviderErrorKind.UnexpectedResponse,
            $"{provider} at {Where(start.Request.RequestUri)} answered HTTP {start.Status} with a body that is not {expected ?? Describe(start.Format)} "
            + $"({Excerpt(start)}); check {provider}.base_url — a proxy or captive portal may be answering",
            innerException: innerException);
    }

    // Scheme, host, port and path: never the query or user info, which may carry credentials.
    private static string Where(Uri? target) =>
        target is null ? "the endpoint" : target.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static string Excerpt(BodyStart start)
    {
        var media = string.IsNullOrEmpty(start.MediaType) ? "no content-type" : $"content-type {start.MediaType}";
        var bytes = start.Bytes.Span;
        if (bytes.IsEmpty)
        {
            return $"{media}; empty body";
        }

        if (AsText(bytes) is not { } text)
        {
            var hex = string.Join(' ', bytes[..Math.Min(bytes.Length, HexBytes)].ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            return $"{media}; starts with bytes {hex}{(bytes.Length > HexBytes ? " …" : "")}";
        }

        foreach (var credential in Credentials(start))
        {
            text = text.Replace(credential, "***", StringComparison.Ordinal);
        }

        // One line: any run of whitespace (newlines included) becomes one space.
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return $"{media}; only whitespace";
        }

        var more = text.Length > ExcerptLength || !start.Ended;
        return $"{media}; starts with '{(text.Length > ExcerptLength ? text[..ExcerptLength] : text)}{(more ? "…" : "")}'";
    }

    // Whether name is one of the SSE fields (whole) or could still become one as more bytes come.
    private static bool IsSseField(ReadOnlySpan<byte> name, bool whole)
    {
        foreach (var field in SseFields)
        {
            if (whole ? name.SequenceEqual(field) : field.AsSpan().StartsWith(name))
            {
                return true;
            }
        }

        return false;
    }

    // The bytes as text, or null when they are binary (invalid UTF-8 or control characters other than whitespace).
    private static string? AsText(ReadOnlySpan<byte> bytes)
    {
        bytes = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        var chars = new char[bytes.Length];

        // Not the final block: the window may end inside a character.
        if (Utf8.ToUtf16(bytes, chars, out _, out var written, replaceInvalidSequences: false, isFinalBlock: false) == System.Buffers.OperationStatus.InvalidData)
        {
            return null;
        }

        var text = new string(chars, 0, written);
        return text.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c)) ? null : text;
    }

    // What the request authenticated with: an echo service at base_url would otherwise show it in the excerpt.
    private static IEnumerable<string> Credentials(BodyStart start)
    {
        if (!string.IsNullOrEmpty(start.Secret))
        {
            yield return start.Secret;
        }

        var headers = start.Request.Headers;
        if (headers.Authorization?.Parameter is { Length: > 0 } parameter)
        {
            yield return parameter;
        }

        foreach (var name in (string[])["x-api-key", "x-amz-security-token"])
        {
            if (headers.TryGetValues(name, out var values))
            {
                foreach (var value in values.Where(v => v.Length > 0))
                {
                    yield return value;
                }
            }
        }
    }
}
