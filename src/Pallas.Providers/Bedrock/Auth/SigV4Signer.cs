using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pallas.Providers.Bedrock.Auth;

/// <summary>
/// AWS Signature Version 4 for non-S3 services (bedrock-wire.md §3). Hand-written so that we do not depend on
/// AWSSDK.Core internals; verified against the aws-c-auth signing test suite.
/// </summary>
internal static class SigV4Signer
{
    /// <summary>The algorithm tag of the string to sign and the header.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>X-Amz-Date</c> format.</summary>
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const string Unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /// <summary>Signs <paramref name="request"/>; the caller has already added <c>host</c>, <c>x-amz-date</c> and, for temporary credentials, <c>x-amz-security-token</c>.</summary>
    public static SigV4Signature Sign(SigV4Request request, SigV4Credentials credentials, string region, string service, DateTimeOffset signedAt)
    {
        var amzDate = signedAt.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";

        var (canonicalHeaders, signedHeaders) = CanonicalizeHeaders(request.Headers);
        var canonicalRequest = string.Join('\n',
            request.Method.ToUpperInvariant(),
            CanonicalUri(request.Path),
            CanonicalQuery(request.Query),
            canonicalHeaders,
            signedHeaders,
            Hex(SHA256.HashData(request.Body.Span)));
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(authorization, canonicalRequest, stringToSign, signature);
    }

    /// <summary>Encodes each segment of the path as sent once more (double encoding: <c>%3A</c> becomes <c>%253A</c>).</summary>
    public static string CanonicalUri(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(UriEncode));
    }

    /// <summary>RFC 3986 encoding of UTF-8 bytes, leaving only unreserved characters as they are.</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (Unreserved.Contains((char)b, StringComparison.Ordinal))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return "";
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var parts = pair.Split('=', 2);
                var name = UriEncode(Uri.UnescapeDataString(parts[0]));
                var value = parts.Length > 1 ? UriEncode(Uri.UnescapeDataString(parts[1])) : "";
                return (name, value);
            })
            .OrderBy(p => p.name, StringComparer.Ordinal)
            .ThenBy(p => p.value, StringComparer.Ordinal)
            .Select(p => $"{p.name}={p.value}"));
    }

    private static (string Canonical, string Signed) CanonicalizeHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var grouped = headers
            .GroupBy(h => h.Key.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => CollapseSpaces(h.Value)))))
            .ToList();
        var canonical = string.Concat(grouped.Select(h => $"{h.Name}:{h.Value}\n"));
        return (canonical, string.Join(';', grouped.Select(h => h.Name)));
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!previousSpace)
                {
                    builder.Append(c);
                }

                previousSpace = true;
            }
            else
            {
                builder.Append(c);
                previousSpace = false;
            }
        }

        return builder.ToString();
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
