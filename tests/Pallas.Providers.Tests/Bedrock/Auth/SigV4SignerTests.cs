using System.Text;
using System.Text.Json;
using Pallas.Providers.Bedrock.Auth;

namespace Pallas.Providers.Tests.Bedrock.Auth;

public sealed class SigV4SignerTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string> Cases =>
    [
        "get-vanilla-with-session-token", "get-utf8", "get-unreserved", "get-header-value-trim", "get-header-key-duplicate",
        "post-vanilla", "post-header-key-sort", "post-x-www-form-urlencoded",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_AwsTestSuiteCase_ReproducesAuthorization(string name)
    {
        var directory = Path.Combine(TestDataFiles.Directory(), "sigv4", name);
        var (request, expected) = ParseSignedRequest(File.ReadAllText(Path.Combine(directory, "header-signed-request.txt"), Encoding.UTF8));
        var token = ReadToken(directory);

        var signature = SigV4Signer.Sign(request, new SigV4Credentials(AccessKey, Secret, token), "us-east-1", "service", SuiteTime);

        Assert.Equal(expected, signature.Authorization);
    }

    [Fact]
    public void CanonicalUri_ModelIdWithColonAndDots_IsDoubleEncoded()
    {
        var path = "/model/" + Uri.EscapeDataString("us.anthropic.claude-haiku-4-5-20251001-v1:0") + "/converse";

        Assert.Equal("/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse", path);
        Assert.Equal("/model/us.anthropic.claude-haiku-4-5-20251001-v1%253A0/converse", SigV4Signer.CanonicalUri(path));
    }

    [Fact]
    public void CanonicalUri_ArnModelId_StaysOneSegmentDoubleEncoded()
    {
        var arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";
        var path = "/model/" + Uri.EscapeDataString(arn) + "/converse";

        Assert.Equal(
            "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-7-sonnet-20250219-v1%253A0/converse",
            SigV4Signer.CanonicalUri(path));
    }

    [Fact]
    public void Sign_BedrockConverseRequest_SignsDoubleEncodedPathAndSessionToken()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[]}""");
        var request = new SigV4Request("POST", "/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/converse", "",
            [new("host", "bedrock-runtime.us-east-1.amazonaws.com"), new("x-amz-date", "20150830T123600Z"), new("content-type", "application/json"), new("x-amz-security-token", "TOKEN")],
            body);

        var signature = SigV4Signer.Sign(request, new SigV4Credentials(AccessKey, Secret, "TOKEN"), "us-east-1", "bedrock", SuiteTime);

        Assert.StartsWith("POST\n/model/anthropic.claude-haiku-4-5-20251001-v1%253A0/converse\n\ncontent-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\n", signature.CanonicalRequest, StringComparison.Ordinal);
        Assert.Contains("\ncontent-type;host;x-amz-date;x-amz-security-token\n", signature.CanonicalRequest, StringComparison.Ordinal);
        Assert.Contains("Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request", signature.Authorization, StringComparison.Ordinal);
    }

    private static string? ReadToken(string directory)
    {
        var context = Path.Combine(directory, "context.json");
        if (!File.Exists(context))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(context));
        return document.RootElement.GetProperty("credentials").TryGetProperty("token", out var token) ? token.GetString() : null;
    }

    // header-signed-request.txt: "METHOD PATH HTTP/1.1", header lines "Name:value", a blank line, then the body.
    private static (SigV4Request Request, string Authorization) ParseSignedRequest(string text)
    {
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = text[..split].Split('\n');
        var body = Encoding.UTF8.GetBytes(text[(split + 2)..]);
        var requestLine = head[0].Split(' ');
        var target = requestLine[1];
        var query = target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        var path = target.Split('?')[0];

        var headers = new List<KeyValuePair<string, string>>();
        string? authorization = null;
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            var value = line[(colon + 1)..];
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else
            {
                headers.Add(new(name, value));
            }
        }

        return (new SigV4Request(requestLine[0], path, query, headers, body), authorization!);
    }
}
