using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pallas.Emulators.OpenAI;

/// <summary>
/// A local OpenAI Chat Completions API (<c>POST {prefix}/chat/completions</c>, JSON or SSE, tool calls;
/// <c>GET {prefix}/models</c>) with scripted turns and recorded requests, shaped like Bedrock Mantle's <c>/v1</c>.
/// With an empty script it echoes the last user or tool text.
/// </summary>
public sealed class OpenAIEmulator : ScriptedEmulator
{
    private readonly OpenAIEmulatorOptions _options;
    private int _completionCount;

    /// <summary>Creates the emulator; call <see cref="StartAsync"/> before use.</summary>
    public OpenAIEmulator(OpenAIEmulatorOptions? options = null) => _options = options ?? new OpenAIEmulatorOptions();

    /// <summary>What to configure as <c>openai.base_url</c>: <c>{root}/v1</c>.</summary>
    public Uri BaseUrl => new(RootUrl, _options.PathPrefix.TrimStart('/'));

    /// <summary>The chat completion requests received so far.</summary>
    public IReadOnlyList<RecordedRequest> CompletionRequests => [.. Requests.Where(r => r.Method == "POST")];

    /// <inheritdoc/>
    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var prefix = _options.PathPrefix.TrimEnd('/');
        app.MapPost($"{prefix}/chat/completions", HandleCompletionAsync);
        app.MapGet($"{prefix}/models", HandleModelsAsync);
    }

    private async Task HandleCompletionAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
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

        var turn = NextTurn(LastText(body));
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
        var request = await RecordAsync(context);
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
