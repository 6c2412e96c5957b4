using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pallas.Emulators.Anthropic;

/// <summary>
/// A local Anthropic Messages API (<c>POST /v1/messages</c>, JSON or SSE; <c>GET /v1/models[/{id}]</c>) with scripted
/// turns and recorded requests. In Mantle mode it sits under <c>/anthropic</c>, serves the catalogue at the root and
/// rejects exactly what Bedrock Mantle rejects. With an empty script it echoes the last user or tool text.
/// </summary>
public sealed class AnthropicEmulator : IAsyncDisposable
{
    private readonly AnthropicEmulatorOptions _options;
    private readonly IReadOnlyList<string> _models;
    private readonly ConcurrentQueue<ScriptedTurn> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private WebApplication? _app;
    private int _messageCount;

    /// <summary>Creates the emulator; call <see cref="StartAsync"/> before use.</summary>
    public AnthropicEmulator(AnthropicEmulatorOptions? options = null)
    {
        _options = options ?? new AnthropicEmulatorOptions();
        _models = _options.Models ?? (_options.Mantle ? AnthropicEmulatorOptions.MantleModels : AnthropicEmulatorOptions.DirectModels);
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri RootUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>What to configure as <c>anthropic.base_url</c>: the root, or <c>{root}/anthropic</c> in Mantle mode.</summary>
    public Uri BaseUrl => _options.Mantle ? new Uri(RootUrl, "anthropic") : RootUrl;

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

    /// <summary>The <c>POST .../v1/messages</c> requests received so far.</summary>
    public IReadOnlyList<RecordedRequest> MessageRequests => [.. Requests.Where(r => r.Method == "POST")];

    /// <summary>Queues the answers to the next message requests, in order.</summary>
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
        var prefix = _options.Mantle ? "/anthropic" : "";
        _app.MapPost($"{prefix}/v1/messages", HandleMessageAsync);
        _app.MapGet("/v1/models/{id}", HandleModelAsync);
        _app.MapGet("/v1/models", HandleModelListAsync);
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

    private async Task HandleMessageAsync(HttpContext context)
    {
        var request = await EmulatorHost.RecordAsync(context, _requests);
        if (EmulatorHost.PresentedKey(request) != _options.ApiKey)
        {
            await Unauthorized(context);
            return;
        }

        var body = JsonNode.Parse(request.Body)!.AsObject();
        var model = body["model"]?.GetValue<string>() ?? "";
        var rejection = _options.Mantle
            ? MantleRules.Check(request, body, _models)
            : _models.Contains(model, StringComparer.Ordinal) ? null : (404, "not_found_error", $"model: {model}");
        if (rejection is var (status, type, message))
        {
            await EmulatorHost.WriteJsonAsync(context, status, AnthropicReplies.Error(type, message));
            return;
        }

        var turn = _script.TryDequeue(out var scripted) ? scripted : ScriptedTurn.Reply($"emulator: {LastText(body)}");
        if (turn.ErrorStatus is { } errorStatus)
        {
            var errorType = errorStatus switch { 429 => "rate_limit_error", 529 => "overloaded_error", >= 500 => "api_error", _ => "invalid_request_error" };
            await EmulatorHost.WriteJsonAsync(context, errorStatus, AnthropicReplies.Error(errorType, turn.ErrorMessage ?? "scripted failure"), turn.RetryAfter);
            return;
        }

        var id = $"msg_emu_{Interlocked.Increment(ref _messageCount)}";
        var inputTokens = Math.Max(1, request.Body.Length / 4);
        if (body["stream"]?.GetValue<bool>() == true)
        {
            await AnthropicReplies.StreamAsync(context, id, model, turn, inputTokens);
        }
        else
        {
            await EmulatorHost.WriteJsonAsync(context, 200, AnthropicReplies.Message(id, model, turn, inputTokens).ToJsonString(EmulatorHost.Json));
        }
    }

    private async Task HandleModelAsync(HttpContext context, string id)
    {
        var request = await EmulatorHost.RecordAsync(context, _requests);
        if (EmulatorHost.PresentedKey(request) != _options.ApiKey)
        {
            await Unauthorized(context);
        }
        else if (!_models.Contains(id, StringComparer.Ordinal))
        {
            await EmulatorHost.WriteJsonAsync(context, 404, _options.Mantle
                ? AnthropicReplies.Error("not_found_error", $"The model '{id}' does not exist")
                : AnthropicReplies.Error("not_found_error", $"model: {id}"));
        }
        else
        {
            await EmulatorHost.WriteJsonAsync(context, 200, ModelEntry(id).ToJsonString(EmulatorHost.Json));
        }
    }

    private async Task HandleModelListAsync(HttpContext context)
    {
        var request = await EmulatorHost.RecordAsync(context, _requests);
        if (EmulatorHost.PresentedKey(request) != _options.ApiKey)
        {
            await Unauthorized(context);
            return;
        }

        var list = new JsonObject { ["data"] = new JsonArray([.. _models.Select(id => (JsonNode)ModelEntry(id))]) };
        list[_options.Mantle ? "object" : "has_more"] = _options.Mantle ? "list" : false;
        await EmulatorHost.WriteJsonAsync(context, 200, list.ToJsonString(EmulatorHost.Json));
    }

    // Mantle's catalogue is OpenAI-shaped; api.anthropic.com's has display names.
    private JsonObject ModelEntry(string id) => _options.Mantle
        ? new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = 0, ["owned_by"] = "anthropic" }
        : new JsonObject { ["type"] = "model", ["id"] = id, ["display_name"] = id, ["created_at"] = "2025-10-01T00:00:00Z" };

    private Task Unauthorized(HttpContext context) => EmulatorHost.WriteJsonAsync(context, 401, _options.Mantle
        ? AnthropicReplies.Error("authentication_error", "The API key is invalid or expired.")
        : AnthropicReplies.Error("authentication_error", "invalid x-api-key"));

    private static string LastText(JsonObject body)
    {
        var last = (body["messages"] as JsonArray)?.LastOrDefault();
        return last?["content"] switch
        {
            JsonValue text => text.GetValue<string>(),
            JsonArray blocks => string.Join(" ", blocks.OfType<JsonObject>().Select(BlockText).Where(t => t.Length > 0)),
            _ => "",
        };
    }

    private static string BlockText(JsonObject block) => block["type"]?.GetValue<string>() switch
    {
        "text" => block["text"]?.GetValue<string>() ?? "",
        "tool_result" => block["content"] switch
        {
            JsonValue text => text.GetValue<string>(),
            JsonArray parts => string.Join(" ", parts.OfType<JsonObject>().Select(BlockText)),
            _ => "",
        },
        _ => "",
    };
}
