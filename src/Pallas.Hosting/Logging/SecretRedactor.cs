using System.Text.RegularExpressions;

namespace Pallas.Hosting.Logging;

/// <summary>
/// Removes secrets from text before it is logged: bearer tokens, Authorization headers, API keys, AWS secret keys,
/// session tokens and SigV4 signatures. Applied to every message, field and exception text.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "[REDACTED]";

    /// <summary>The text with every recognised secret replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var result = AuthorizationHeader().Replace(text, match => $"{match.Groups["name"].Value}{match.Groups["sep"].Value}{Mask}");
        result = Bearer().Replace(result, $"Bearer {Mask}");
        result = KeyValueSecret().Replace(result, match => $"{match.Groups["key"].Value}{match.Groups["sep"].Value}{Mask}");
        result = SigV4Signature().Replace(result, match => $"{match.Groups["key"].Value}{Mask}");
        result = KnownKeyShapes().Replace(result, Mask);
        return result;
    }

    // "Authorization: AWS4-HMAC-SHA256 Credential=..., Signature=..." or "Authorization: Bearer x": everything up to the line end or a quote.
    [GeneratedRegex("""(?<name>(?:proxy-)?authorization)(?<sep>["']?\s*[:=]\s*["']?)[^"'\r\n]+""", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\bBearer\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex("""(?<key>\b(?:x-api-key|api[_-]?key|apikey|aws[_-]?secret[_-]?access[_-]?key|secret[_-]?access[_-]?key|aws[_-]?session[_-]?token|session[_-]?token|x-amz-security-token|client[_-]?secret|password|secret|token|aws_bearer_token_bedrock))(?<sep>["']?\s*[:=]\s*["']?)(?!\[REDACTED\])[^\s"',;&]+""", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex(@"(?<key>\b(?:X-Amz-)?Signature=)[0-9a-fA-F]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex SigV4Signature();

    // Self-identifying key formats: Anthropic/OpenAI keys and Bedrock long-term API keys (ABSK...).
    [GeneratedRegex(@"\b(?:sk-ant-[A-Za-z0-9_-]{10,}|sk-(?:proj-)?[A-Za-z0-9_-]{16,}|ABSK[A-Za-z0-9+/=]{16,})")]
    private static partial Regex KnownKeyShapes();
}
