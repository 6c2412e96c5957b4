using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pallas.Emulators.OpenAI;

/// <summary>
/// A local OpenAI Chat Completions API (<c>POST {prefix}/chat/completions</c>, JSON or SSE, tool calls;
/// <c>GET {prefix}/models</c>) with scripted turns and recorded requests, shaped like Bedrock Mantle's <c>/v1</c>.
/// With an empty script it echoes the last user or tool text.
/// </summary>
public sealed class OpenAIEmulator : IAsyncDisposable
{
    private readonly OpenAIEmulatorOptions _options;
    private readonly ConcurrentQueue<ScriptedTurn> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private WebApplication? _app;
    private int _completionCount;

    /// <summary>Creates the emulator; call <see cref="StartAsync"/> before use.</summary>
    public OpenAIEmulator(OpenAIEmulatorOptions? options = null) => _options = options ?? new OpenAIEmulatorOptions();

    /// <summary>The server root, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri RootUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>What to configure as <c>openai.base_url</c>: <c>{root}/v1</c>.</summary>
    public Uri BaseUrl => new(RootUrl, _options.PathPrefix.TrimStart('/'));

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The chat completion requests received so far.</summary>
    public IReadOnlyList<RecordedRequest> CompletionRequests => [.. Requests.Where(r => r.Method == "POST")];

    /// <summary>Queues the answers to the next completion requests, in order.</summary>
    public void Enqueue(params ScriptedTurn[] turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        foreach (var turn in turns)
        {
            _script.Enqueue(turn);
        }
    }

    /// <summary>Starts listening on a free loopback port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = EmulatorHost.Create();
        var prefix = _options.PathPrefix.TrimEnd('/');
        _app.MapPost($"{prefix}/chat/completions", HandleCompletionAsync);
        _app.MapGet($"{prefix}/models", HandleModelsAsync);
        await _app.StartAsync(cancellationToken);
        RootUrl = EmulatorHost.Address(_app);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleCompletionAsync(HttpContext context)
    {
        var request = await EmulatorHost.RecordAsync(context, _requests);
        if (!Authorized(request))
        {
            await Unauthorized(context);
            return;
        }

        var body = JsonNode.Parse(request.Body)!.AsObject();
        var model = body["model"]?.GetValue<string>() ?? "";
        if (!_options.Models.Contains(model, StringComparer.Ordinal))
        {
            await EmulatorHost.WriteJsonAsync(context, 404, OpenAIReplies.Error(
                $"The model `{model}` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"));
            return;
        }

        var turn = _script.TryDequeue(out var scripted) ? scripted : ScriptedTurn.Reply($"emulator: {LastText(body)}");
        if (turn.ErrorStatus is { } status)
        {
            await EmulatorHost.WriteJsonAsync(context, status, OpenAIReplies.Error(turn.ErrorMessage ?? "scripted failure", status >= 500 ? "server_error" : "invalid_request_error", null), turn.RetryAfter);
            return;
        }

        var id = $"chatcmpl-emu{Interlocked.Increment(ref _completionCount)}";
        var promptTokens = Math.Max(1, request.Body.Length / 4);
        if (body["stream"]?.GetValue<bool>() == true)
        {
            var includeUsage = body["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
            await OpenAIReplies.StreamAsync(context, id, model, turn, promptTokens, includeUsage);
        }
        else
        {
            await EmulatorHost.WriteJsonAsync(context, 200, OpenAIReplies.Completion(id, model, turn, promptTokens).ToJsonString(EmulatorHost.Json));
        }
    }

    private async Task HandleModelsAsync(HttpContext context)
    {
        var request = await EmulatorHost.RecordAsync(context, _requests);
        if (!Authorized(request))
        {
            await Unauthorized(context);
            return;
        }

        var data = new JsonArray([.. _options.Models.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = 0, ["owned_by"] = "system" })]);
        await EmulatorHost.WriteJsonAsync(context, 200, new JsonObject { ["object"] = "list", ["data"] = data }.ToJsonString(EmulatorHost.Json));
    }

    private bool Authorized(RecordedRequest request) =>
        _options.ApiKey is null || (request.Header("Authorization") is { } header && header == $"Bearer {_options.ApiKey}");

    private static Task Unauthorized(HttpContext context) => EmulatorHost.WriteJsonAsync(context, 401,
        OpenAIReplies.Error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));

    private static string LastText(JsonObject body) => (body["messages"] as JsonArray)?.LastOrDefault()?["content"] switch
    {
        JsonValue text => text.GetValue<string>(),
        JsonArray parts => string.Join(" ", parts.OfType<JsonObject>().Select(part => part["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };
}
