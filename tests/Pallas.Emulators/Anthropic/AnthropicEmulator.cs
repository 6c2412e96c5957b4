using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pallas.Emulators.Anthropic;

/// <summary>
/// A local Anthropic Messages API (<c>POST /v1/messages</c>, JSON or SSE; <c>GET /v1/models[/{id}]</c>) with scripted
/// turns and recorded requests. In Mantle mode it sits under <c>/anthropic</c>, serves the catalogue at the root and
/// rejects exactly what Bedrock Mantle rejects. With an empty script it echoes the last user or tool text.
/// </summary>
public sealed class AnthropicEmulator : ScriptedEmulator
{
    private readonly AnthropicEmulatorOptions _options;
    private readonly IReadOnlyList<string> _models;
    private int _messageCount;

    /// <summary>Creates the emulator; call <see cref="StartAsync"/> before use.</summary>
    public AnthropicEmulator(AnthropicEmulatorOptions? options = null)
    {
        _options = options ?? new AnthropicEmulatorOptions();
        _models = _options.Models ?? (_options.Mantle ? AnthropicEmulatorOptions.MantleModels : AnthropicEmulatorOptions.DirectModels);
    }

    /// <summary>What to configure as <c>anthropic.base_url</c>: the root, or <c>{root}/anthropic</c> in Mantle mode.</summary>
    public Uri BaseUrl => _options.Mantle ? new Uri(RootUrl, "anthropic") : RootUrl;

    /// <summary>The <c>POST .../v1/messages</c> requests received so far.</summary>
    public IReadOnlyList<RecordedRequest> MessageRequests => [.. Requests.Where(r => r.Method == "POST")];

    /// <inheritdoc/>
    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var prefix = _options.Mantle ? "/anthropic" : "";
        app.MapPost($"{prefix}/v1/messages", HandleMessageAsync);
        app.MapGet("/v1/models/{id}", HandleModelAsync);
        app.MapGet("/v1/models", HandleModelListAsync);
    }

    private async Task HandleMessageAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
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

        var turn = NextTurn(LastText(body));
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
        var request = await RecordAsync(context);
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
        var request = await RecordAsync(context);
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
