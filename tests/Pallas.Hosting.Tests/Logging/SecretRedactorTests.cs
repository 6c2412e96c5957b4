using Pallas.Hosting.Logging;

namespace Pallas.Hosting.Tests.Logging;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("calling with Authorization: Bearer abc.def-123", "abc.def-123")]
    [InlineData("token was Bearer eyJhbGciOi.payload.sig", "eyJhbGciOi.payload.sig")]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")]
    [InlineData("GET /x?X-Amz-Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7&a=b", "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("{\"api_key\": \"plain-secret-value\"}", "plain-secret-value")]
    [InlineData("x-api-key: sk-ant-api03-AAAAAAAAAAAAAAAAAAAA", "sk-ant-api03-AAAAAAAAAAAAAAAAAAAA")]
    [InlineData("key sk-proj-ABCDEFGHIJKLMNOPQRSTUV leaked", "sk-proj-ABCDEFGHIJKLMNOPQRSTUV")]
    [InlineData("AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl", "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl")]
    [InlineData("session token: IQoJb3JpZ2luX2VjEXAMPLE", "IQoJb3JpZ2luX2VjEXAMPLE")]
    public void Redact_TextWithSecret_RemovesTheSecret(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Agent jarvis listening on http://127.0.0.1:8201/mcp")]
    [InlineData("send_message finished for jarvis: ok in 12.5 ms")]
    [InlineData("Preflight passed for anthropic: GET /v1/models/anthropic.claude-opus-4-7 answered 200")]
    public void Redact_TextWithoutSecret_IsUnchanged(string text) => Assert.Equal(text, SecretRedactor.Redact(text));
}
