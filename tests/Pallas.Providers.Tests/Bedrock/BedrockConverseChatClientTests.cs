using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Emulators.Bedrock;
using Pallas.Providers.Bedrock;
using Pallas.Providers.Bedrock.Mapping;
using Pallas.Providers.Errors;
using Pallas.Providers.Resilience;
using Pallas.Providers.Tests.Resilience;

namespace Pallas.Providers.Tests.Bedrock;

public sealed class BedrockConverseChatClientTests : IAsyncLifetime
{
    private const string HaikuId = "anthropic.claude-haiku-4-5-20251001-v1:0";
    private const string OpusGeoId = "us.anthropic.claude-opus-4-7";
    private static readonly ModelCapabilities Capabilities = new(true, 200_000, 64_000);
    private static readonly string[] OddToolNames = ["filesystem.read_file", "server__a-very-long-tool-name-with-many-many-characters-beyond-the-limit", "émoji tool"];

    private readonly BedrockEmulator emulator = new(new BedrockEmulatorOptions
    {
        Keys = new Dictionary<string, (string, string?)>
        {
            ["AKIDSESSION"] = ("session/secret", "session-token-123"),
            ["AKIDPROFILE"] = ("profile-secret", null),
        },
    });

    private readonly DictionaryEnvironment environment = new();
    private readonly ThrowingCredentialChain chain = new();

    public async ValueTask InitializeAsync() => await emulator.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task GetResponseAsync_BearerTwoTurnToolCall_CallsToolAndAnswers()
    {
        environment.Values["AWS_BEARER_TOKEN_BEDROCK"] = new BedrockEmulatorOptions().BearerToken;
        var (tool, calls) = ReadFileTool();
        emulator.Enqueue(
            BedrockReply.ToolCall("tooluse_1", ToolNameMap.Sanitize(tool.Name), """{"path":"notes.txt"}""", preamble: "Let me look."),
            BedrockReply.Text("The file says hello."));
        using var client = new FunctionInvokingChatClient(CreateClient(HaikuId));

        var response = await client.GetResponseAsync("What is in notes.txt?", new ChatOptions { Tools = [tool] }, TestContext.Current.CancellationToken);

        Assert.Equal("The file says hello.", response.Messages[^1].Text);
        Assert.Equal(["notes.txt"], calls);
        var requests = emulator.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("bearer", r.Auth));
        Assert.Equal("/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/converse", requests[0].RawTarget);
        var second = requests[1].Body;
        Assert.Equal("contents of notes.txt", (string?)second["messages"]![2]!["content"]![0]!["toolResult"]!["content"]![0]!["text"]);
        Assert.NotNull(second["toolConfig"]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_BearerTwoTurnToolCall_JoinsInputDeltasAndAnswers()
    {
        environment.Values["AWS_BEARER_TOKEN_BEDROCK"] = new BedrockEmulatorOptions().BearerToken;
        var (tool, calls) = ReadFileTool();
        emulator.Enqueue(
            new BedrockReply
            {
                Blocks = [BedrockBlock.Reasoning("need the file", "sig-abc"), BedrockBlock.ToolUse("tooluse_9", ToolNameMap.Sanitize(tool.Name), """{"path":"a/b c.txt"}""")],
                StopReason = "tool_use",
            },
            new BedrockReply { Blocks = [BedrockBlock.FromText("Done reading.")], CacheReadInputTokens = 3 });
        using var client = new FunctionInvokingChatClient(CreateClient(OpusGeoId));

        var updates = await client.GetStreamingResponseAsync("Read it", new ChatOptions { Tools = [tool] }, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        var response = updates.ToChatResponse();
        Assert.Equal(["a/b c.txt"], calls);
        Assert.EndsWith("Done reading.", response.Text, StringComparison.Ordinal);
        Assert.Equal(3, response.Usage?.CachedInputTokenCount);
        var requests = emulator.Requests;
        Assert.Equal("/model/us.anthropic.claude-opus-4-7/converse-stream", requests[0].RawTarget);
        var replayed = requests[1].Body["messages"]![1]!["content"]![0]!["reasoningContent"]!["reasoningText"]!;
        Assert.Equal("sig-abc", (string?)replayed["signature"]);
    }

    [Fact]
    public async Task GetResponseAsync_SigV4FromEnvironmentWithSessionToken_Accepted()
    {
        environment.Values["AWS_ACCESS_KEY_ID"] = "AKIDSESSION";
        environment.Values["AWS_SECRET_ACCESS_KEY"] = "session/secret";
        environment.Values["AWS_SESSION_TOKEN"] = "session-token-123";

        var response = await CreateClient(HaikuId).GetResponseAsync("ping", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("emulator: ping", response.Text);
        var request = Assert.Single(emulator.Requests);
        Assert.Equal("sigv4", request.Auth);
        Assert.Equal("session-token-123", request.Headers["x-amz-security-token"]);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token", request.Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_WrongSecret_Unauthorized()
    {
        environment.Values["AWS_ACCESS_KEY_ID"] = "AKIDSESSION";
        environment.Values["AWS_SECRET_ACCESS_KEY"] = "wrong";
        environment.Values["AWS_SESSION_TOKEN"] = "session-token-123";

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(HaikuId).GetResponseAsync("ping", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.Unauthorized, error.Kind);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_SigV4FromProfileInSharedCredentialsFile_Accepted()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pallas-creds-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = nope\n\n[pallas-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n", TestContext.Current.CancellationToken);
        try
        {
            environment.Values["AWS_SHARED_CREDENTIALS_FILE"] = file;

            var response = await CreateClient(HaikuId, profile: "pallas-test").GetResponseAsync("from profile", cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal("emulator: from profile", response.Text);
            Assert.Contains("Credential=AKIDPROFILE/", Assert.Single(emulator.Requests).Headers["authorization"], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task GetResponseAsync_NoCredentials_MissingCredentialsWithChecklist()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(HaikuId).GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.Equal(BedrockErrors.MissingCredentialsMessage, error.Message);
        var bearer = error.Message.IndexOf("AWS_BEARER_TOKEN_BEDROCK", StringComparison.Ordinal);
        var file = error.Message.IndexOf("~/.aws/credentials", StringComparison.Ordinal);
        var role = error.Message.IndexOf("IAM role", StringComparison.Ordinal);
        Assert.True(bearer >= 0 && bearer < file && file < role, error.Message);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownProfile_NamesTheProfile()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            CreateClient(HaikuId, profile: "pallas-surely-missing-profile").GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.MissingCredentials, error.Kind);
        Assert.StartsWith("AWS profile 'pallas-surely-missing-profile' was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateChatClient_NoCredentials_DoesNotResolveAtStartup()
    {
        using var client = CreateClient(HaikuId);

        Assert.Equal(0, chain.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_ThrottledTwiceThroughRetries_OneAnswer()
    {
        UseBearer();
        emulator.Enqueue(
            BedrockReply.Error(429, "ThrottlingException", "Too many requests, please wait before trying again.", retryAfterSeconds: 1),
            BedrockReply.Error(429, "ThrottlingException", "Too many requests, please wait before trying again."),
            BedrockReply.Text("finally"));
        var time = new ImmediateTimeProvider();
        using var client = new ChatClientBuilder(CreateClient(HaikuId)).UseProviderRetries(new RetryOptions { TimeProvider = time }).Build();

        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("finally", response.Text);
        Assert.Equal(3, emulator.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), time.Delays[0]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThrottledBeforeStreamThroughRetries_OneAnswer()
    {
        UseBearer();
        emulator.Enqueue(BedrockReply.Error(429, "ThrottlingException", "slow down"), BedrockReply.Text("streamed"));
        using var client = new ChatClientBuilder(CreateClient(HaikuId)).UseProviderRetries(new RetryOptions { TimeProvider = new ImmediateTimeProvider() }).Build();

        var updates = await client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal("streamed", updates.ToChatResponse().Text);
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task GetResponseAsync_ConnectionResetThenAnswer_RetriedAsNetworkFailure()
    {
        UseBearer();
        emulator.Enqueue(new BedrockReply { ResetConnection = true }, BedrockReply.Text("after reset"));
        using var client = new ChatClientBuilder(CreateClient(HaikuId)).UseProviderRetries(new RetryOptions { TimeProvider = new ImmediateTimeProvider() }).Build();

        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("after reset", response.Text);
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task GetResponseAsync_ConnectionReset_NetworkErrorWithoutSecrets()
    {
        UseBearer();
        emulator.Enqueue(new BedrockReply { ResetConnection = true });

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(HaikuId).GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.True(error.IsTransient);
        Assert.DoesNotContain(new BedrockEmulatorOptions().BearerToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamCut_StreamInterruptedAfterPartialText()
    {
        UseBearer();
        emulator.Enqueue(new BedrockReply { Blocks = [BedrockBlock.FromText("Hello world")], CutStream = true });
        var seen = new List<ChatResponseUpdate>();
        using var client = new ChatClientBuilder(CreateClient(HaikuId)).UseProviderRetries(new RetryOptions { TimeProvider = new ImmediateTimeProvider() }).Build();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                seen.Add(update);
            }
        });

        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.Contains("cut before the message was complete", error.Message, StringComparison.Ordinal);
        Assert.Equal("Hello", seen.ToChatResponse().Text);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_InStreamThrottlingAfterOutput_NotRetried()
    {
        UseBearer();
        emulator.Enqueue(new BedrockReply { Blocks = [BedrockBlock.FromText("Hello world")], StreamException = true, ErrorType = "throttlingException", ErrorMessage = "Too many tokens" });
        using var client = new ChatClientBuilder(CreateClient(HaikuId)).UseProviderRetries(new RetryOptions { TimeProvider = new ImmediateTimeProvider() }).Build();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
            await client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.Contains("Too many tokens", error.Message, StringComparison.Ordinal);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolInputNotJsonOnceJoined_ModelError()
    {
        UseBearer();
        emulator.Enqueue(new BedrockReply { Blocks = [BedrockBlock.ToolUse("t1", "x", """{"path": "unterminated""")], StopReason = "tool_use" });

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
            await CreateClient(HaikuId).GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.ModelError, error.Kind);
        Assert.Contains("contentBlockStop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ValidationException_MessageAndNoRetry()
    {
        UseBearer();
        emulator.Enqueue(BedrockReply.Error(400, "ValidationException", "The model returned the following errors: max_tokens: 999999 > 64000"));
        using var client = new ChatClientBuilder(CreateClient(HaikuId)).UseProviderRetries(new RetryOptions { TimeProvider = new ImmediateTimeProvider() }).Build();

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.Validation, error.Kind);
        Assert.Equal($"Bedrock rejected the request for '{HaikuId}': The model returned the following errors: max_tokens: 999999 > 64000", error.Message);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_AccessDeniedOnCrossRegionId_AddsInferenceProfileHint()
    {
        UseBearer();
        emulator.Enqueue(BedrockReply.Error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID."));

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(OpusGeoId).GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.AccessDenied, error.Kind);
        Assert.Contains("arn:aws:bedrock:*:*:inference-profile/*", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_AccessDeniedOnInRegionId_NoInferenceProfileHint()
    {
        UseBearer();
        emulator.Enqueue(BedrockReply.Error(403, "AccessDeniedException", "denied"));

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(HaikuId).GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.DoesNotContain("inference-profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ArnModelId_SentAsOneEncodedSegment()
    {
        UseBearer();
        const string Arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6";

        await CreateClient(Arn).GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        var request = Assert.Single(emulator.Requests);
        Assert.Equal("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-6/converse", request.RawTarget);
        Assert.Equal(Arn, request.ModelId);
    }

    [Fact]
    public async Task GetResponseAsync_NoRegion_ClearError()
    {
        UseBearer();
        using var client = BedrockProvider.Create(ModelSpec.Parse("bedrock." + HaikuId), Capabilities, new BedrockSettings { BaseUrl = emulator.BaseUrl }, environment, chain);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("bedrock.region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ManyToolsWithOddNames_AcceptedByConverseValidation()
    {
        UseBearer();
        var tools = OddToolNames
            .Select(n => (AITool)AIFunctionFactory.CreateDeclaration(n, "d", JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement))
            .ToList();

        var response = await CreateClient(HaikuId).GetResponseAsync("hi", new ChatOptions { Tools = tools }, TestContext.Current.CancellationToken);

        Assert.Equal("emulator: hi", response.Text);
    }

    private void UseBearer() => environment.Values["AWS_BEARER_TOKEN_BEDROCK"] = new BedrockEmulatorOptions().BearerToken;

    private IChatClient CreateClient(string modelId, string? profile = null) =>
        BedrockProvider.Create(
            ModelSpec.Parse("bedrock." + modelId),
            Capabilities,
            new BedrockSettings { Region = "us-east-1", BaseUrl = emulator.BaseUrl, Profile = profile },
            environment,
            chain);

    private static (AIFunction Tool, List<string> Calls) ReadFileTool()
    {
        var calls = new List<string>();
        var tool = AIFunctionFactory.Create((string path) =>
        {
            calls.Add(path);
            return $"contents of {path}";
        }, "fs.read-file", "Reads a file.");
        return (tool, calls);
    }
}
