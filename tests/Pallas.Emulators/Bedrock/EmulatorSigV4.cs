using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pallas.Emulators.Bedrock;

/// <summary>Recomputes a SigV4 signature the way Bedrock does (double-encoded canonical path), to verify clients.</summary>
internal static class EmulatorSigV4
{
    public static string Signature(string secret, string method, string rawPath, string query, IEnumerable<(string Name, string Value)> signedHeaders, byte[] body, string amzDate, string region, string service)
    {
        var headers = signedHeaders.ToList();
        var canonicalPath = string.Join('/', rawPath.Split('/').Select(Encode));
        var canonical = string.Join('\n',
            method,
            canonicalPath,
            query,
            string.Concat(headers.Select(h => $"{h.Name}:{h.Value.Trim()}\n")),
            string.Join(';', headers.Select(h => h.Name)),
            Convert.ToHexStringLower(SHA256.HashData(body)));
        var date = amzDate[..8];
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }

    private static string Encode(string segment)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
