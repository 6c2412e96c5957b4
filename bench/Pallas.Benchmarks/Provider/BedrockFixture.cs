using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Emulators.Bedrock;
using Pallas.Providers.Bedrock;

namespace Pallas.Benchmarks.Provider;

/// <summary>
/// The in-repo Bedrock Runtime emulator plus what it takes to call it: the Converse client as Pallas builds it
/// (bearer auth, <c>bedrock.base_url</c>), and the exact request bytes that client sends, captured once.
/// </summary>
internal sealed class BedrockFixture : IAsyncDisposable
{
    /// <summary>A model the built-in database knows, in its cross-region form (as the seed's examples use).</summary>
    public const string Model = "bedrock.us.anthropic.claude-sonnet-4-6";

    /// <summary>The message every call sends; the emulator answers <c>emulator: hello</c> (no scripted reply queued).</summary>
    public const string Message = "hello";

    private readonly BedrockEmulator _emulator;

    private BedrockFixture(BedrockEmulator emulator, string bearer)
    {
        _emulator = emulator;
        Bearer = bearer;
    }

    public Uri BaseUrl => _emulator.BaseUrl;

    public string Bearer { get; }

    public IReadOnlyList<RecordedBedrockRequest> Requests => _emulator.Requests;

    public static async Task<BedrockFixture> StartAsync(CancellationToken cancellationToken)
    {
        var options = new BedrockEmulatorOptions();
        var emulator = new BedrockEmulator(options);
        await emulator.StartAsync(cancellationToken);
        return new BedrockFixture(emulator, options.BearerToken);
    }

    /// <summary>The Converse path of a model id, escaped as one segment the way the client sends it.</summary>
    public Uri OperationUrl(string operation) =>
        new(BaseUrl, $"model/{Uri.EscapeDataString(ModelSpec.Parse(Model).ModelId)}/{operation}");

    /// <summary>The client under test, reading <c>AWS_BEARER_TOKEN_BEDROCK</c> from the process environment like Pallas does.</summary>
    public IChatClient CreateClient(HttpMessageHandler? handler = null)
    {
        Environment.SetEnvironmentVariable("AWS_BEARER_TOKEN_BEDROCK", Bearer);
        var model = ModelSpec.Parse(Model);
        var capabilities = ModelDatabase.Find(model)?.Capabilities
            ?? throw new BenchmarkException($"{Model} is not in the built-in model database.");
        return BedrockProvider.CreateChatClient(model, capabilities, new BedrockSettings { Region = "us-east-1", BaseUrl = BaseUrl }, handler);
    }

    /// <summary>Sends one call through the Converse client and returns the body bytes it put on the wire.</summary>
    public async Task<byte[]> CaptureRequestBodyAsync(CancellationToken cancellationToken)
    {
        using var capture = new CapturingHandler();
        using var client = CreateClient(capture);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, Message)], cancellationToken: cancellationToken);
        return capture.Body ?? throw new BenchmarkException("the Converse client sent no request body.");
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private sealed class CapturingHandler : DelegatingHandler
    {
        public CapturingHandler()
            : base(new SocketsHttpHandler { UseProxy = false })
        {
        }

        public byte[]? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                Body ??= await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
