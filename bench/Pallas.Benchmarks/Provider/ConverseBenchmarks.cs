using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace Pallas.Benchmarks.Provider;

/// <summary>
/// The Converse client alone against a raw <see cref="HttpClient"/> POST of the bytes that client sends, both to the
/// Bedrock emulator: the difference is what the client adds (mapping, auth, parsing, event-stream decoding).
/// Baselines per category: the raw POST of the same operation.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: GlobalCleanup disposes.
public class ConverseBenchmarks
#pragma warning restore CA1001
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private BedrockFixture? _fixture;
    private IChatClient? _client;
    private HttpClient? _raw;
    private byte[] _body = [];
    private Uri? _converse;
    private Uri? _converseStream;
    private readonly ChatMessage[] _messages = [new(ChatRole.User, BedrockFixture.Message)];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _fixture = await BedrockFixture.StartAsync(CancellationToken.None);
        _body = await _fixture.CaptureRequestBodyAsync(CancellationToken.None);
        _client = _fixture.CreateClient();
        _raw = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _converse = _fixture.OperationUrl("converse");
        _converseStream = _fixture.OperationUrl("converse-stream");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client?.Dispose();
        _raw?.Dispose();
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient POST /converse")]
    [BenchmarkCategory("converse")]
    public async Task<int> RawConverseAsync()
    {
        using var response = await _raw!.SendAsync(Request(_converse!, stream: false));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode ? bytes.Length : throw new InvalidOperationException($"HTTP {(int)response.StatusCode}");
    }

    [Benchmark(Description = "Converse client GetResponseAsync")]
    [BenchmarkCategory("converse")]
    public async Task<int> ClientConverseAsync()
    {
        var response = await _client!.GetResponseAsync(_messages);
        return response.Text.Length;
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient POST /converse-stream")]
    [BenchmarkCategory("converse-stream")]
    public async Task<int> RawConverseStreamAsync()
    {
        using var response = await _raw!.SendAsync(Request(_converseStream!, stream: true), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        int read, total = 0;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return response.IsSuccessStatusCode ? total : throw new InvalidOperationException($"HTTP {(int)response.StatusCode}");
    }

    [Benchmark(Description = "Converse client GetStreamingResponseAsync")]
    [BenchmarkCategory("converse-stream")]
    public async Task<int> ClientConverseStreamAsync()
    {
        var count = 0;
        await foreach (var update in _client!.GetStreamingResponseAsync(_messages))
        {
            count += update.Contents.Count;
        }

        return count;
    }

    private HttpRequestMessage Request(Uri url, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture!.Bearer);
        if (stream)
        {
            request.Headers.Accept.ParseAdd("application/vnd.amazon.eventstream");
        }

        return request;
    }
}
