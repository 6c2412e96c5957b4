using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pallas.Emulators.Bedrock;

/// <summary>
/// A local fake of Bedrock Runtime's Converse and ConverseStream: checks bearer keys or SigV4 signatures (recomputed with
/// the known secret, session token included), validates requests the way Bedrock does, serves scripted answers and
/// faults (429s, cut streams, validation and access errors) and records every request. Kestrel on 127.0.0.1, port 0.
/// </summary>
public sealed class BedrockEmulator : IAsyncDisposable
{
    private const string SigningService = "bedrock";

    private readonly BedrockEmulatorOptions options;
    private readonly ConcurrentQueue<BedrockReply> replies = new();
    private readonly ConcurrentQueue<RecordedBedrockRequest> requests = new();
    private WebApplication? app;

    /// <summary>Creates the emulator; call <see cref="StartAsync"/>.</summary>
    public BedrockEmulator(BedrockEmulatorOptions? options = null) => this.options = options ?? new BedrockEmulatorOptions();

    /// <summary>The base URL to use as <c>bedrock.base_url</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Completes when a request held by <see cref="BedrockReply.Hold"/> arrives.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the caller aborts a held request: what AWS sees when a client cancels.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The requests received so far, in order (including refused ones).</summary>
    public IReadOnlyList<RecordedBedrockRequest> Requests => requests.ToList();

    /// <summary>Queues the answer to the next call; without a queued answer the emulator echoes the last user text.</summary>
    public void Enqueue(params BedrockReply[] scripted)
    {
        ArgumentNullException.ThrowIfNull(scripted);
        foreach (var reply in scripted)
        {
            replies.Enqueue(reply);
        }
    }

    /// <summary>Starts listening.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var rawPath = rawTarget.Split('?')[0];
        var segments = rawPath.Split('/');
        if (context.Request.Method != "POST" || segments.Length != 4 || segments[1] != "model" || segments[3] is not ("converse" or "converse-stream"))
        {
            await ErrorAsync(context, 404, "UnknownOperationException", $"No operation at {rawPath}");
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bodyBytes = buffer.ToArray();
        var body = JsonNode.Parse(bodyBytes.Length == 0 ? "{}"u8 : bodyBytes) as JsonObject ?? [];
        var modelId = Uri.UnescapeDataString(segments[2]);
        var operation = segments[3];
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);

        var (authError, auth) = Authenticate(context.Request, rawPath, bodyBytes);
        requests.Enqueue(new RecordedBedrockRequest(rawTarget, modelId, operation, headers, body, auth));
        if (authError is not null)
        {
            await ErrorAsync(context, 403, authError.Value.Type, authError.Value.Message);
            return;
        }

        if (ConverseValidator.Validate(body) is { } invalid)
        {
            await ErrorAsync(context, 400, "ValidationException", invalid);
            return;
        }

        var reply = replies.TryDequeue(out var next) ? next : Echo(body);
        if (reply.ResetConnection)
        {
            context.Abort();
            return;
        }

        if (reply.HoldUntilAborted)
        {
            Held.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Aborted.TrySetResult();
            }

            return;
        }

        if (reply.ErrorStatus is { } status && !reply.StreamException)
        {
            if (reply.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await ErrorAsync(context, status, reply.ErrorType ?? "InternalServerException", reply.ErrorMessage ?? "error");
            return;
        }

        if (operation == "converse")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(ConverseJson(reply), context.RequestAborted);
        }
        else
        {
            await StreamAsync(context, reply);
        }
    }

    private ((string Type, string Message)? Error, string Auth) Authenticate(HttpRequest request, string rawPath, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return authorization["Bearer ".Length..] == options.BearerToken
                ? (null, "bearer")
                : (("UnrecognizedClientException", "Invalid API Key format: Must start with pre-defined prefix"), "bearer");
        }

        if (!authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return (("MissingAuthenticationTokenException", "Missing Authentication Token"), "none");
        }

        var fields = authorization["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var credential = fields.GetValueOrDefault("Credential", "").Split('/');
        if (credential.Length != 5 || !options.Keys.TryGetValue(credential[0], out var key))
        {
            return (("UnrecognizedClientException", "The security token included in the request is invalid."), "sigv4");
        }

        if (credential[2] != options.Region || credential[3] != SigningService)
        {
            return (("InvalidSignatureException", $"Credential should be scoped to a valid region and service '{SigningService}'."), "sigv4");
        }

        var signedNames = fields.GetValueOrDefault("SignedHeaders", "").Split(';');
        if (key.SessionToken is { } token && (request.Headers["x-amz-security-token"] != token || !signedNames.Contains("x-amz-security-token")))
        {
            return (("UnrecognizedClientException", "The security token included in the request is invalid."), "sigv4");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (amzDate.Length != 16 || credential[1] != amzDate[..8])
        {
            return (("IncompleteSignatureException", "X-Amz-Date is missing or does not match the credential scope."), "sigv4");
        }

        var signed = signedNames.Select(n => (n, n == "host" ? request.Host.Value ?? "" : request.Headers[n].ToString()));
        var expected = EmulatorSigV4.Signature(key.Secret, request.Method, rawPath, request.QueryString.Value?.TrimStart('?') ?? "", signed, body, amzDate, options.Region, SigningService);
        return expected == fields.GetValueOrDefault("Signature")
            ? (null, "sigv4")
            : (("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."), "sigv4");
    }

    private static BedrockReply Echo(JsonObject body)
    {
        var lastUser = (body["messages"] as JsonArray)?.LastOrDefault(m => (string?)m?["role"] == "user");
        var text = (lastUser?["content"] as JsonArray)?.Select(b => (string?)b?["text"]).LastOrDefault(t => t is not null) ?? "(no text)";
        return BedrockReply.Text($"emulator: {text}");
    }

    private static string ConverseJson(BedrockReply reply)
    {
        var content = new JsonArray();
        foreach (var block in reply.Blocks)
        {
            content.Add(block.Kind switch
            {
                "toolUse" => new JsonObject
                {
                    ["toolUse"] = new JsonObject { ["toolUseId"] = block.ToolUseId, ["name"] = block.ToolName, ["input"] = JsonNode.Parse(block.InputJson ?? "{}") },
                },
                "reasoning" => new JsonObject
                {
                    ["reasoningContent"] = new JsonObject { ["reasoningText"] = new JsonObject { ["text"] = block.Text, ["signature"] = block.Signature } },
                },
                _ => new JsonObject { ["text"] = block.Text },
            });
        }

        return new JsonObject
        {
            ["output"] = new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content } },
            ["stopReason"] = reply.StopReason,
            ["usage"] = Usage(reply),
            ["metrics"] = new JsonObject { ["latencyMs"] = 1 },
        }.ToJsonString();
    }

    private static JsonObject Usage(BedrockReply reply)
    {
        var usage = new JsonObject
        {
            ["inputTokens"] = reply.InputTokens,
            ["outputTokens"] = reply.OutputTokens,
            ["totalTokens"] = reply.InputTokens + reply.OutputTokens,
        };
        if (reply.CacheReadInputTokens is { } cacheRead)
        {
            usage["cacheReadInputTokens"] = cacheRead;
            usage["cacheWriteInputTokens"] = 0;
        }

        return usage;
    }

    private static async Task StreamAsync(HttpContext context, BedrockReply reply)
    {
        context.Response.ContentType = "application/vnd.amazon.eventstream";
        var output = context.Response.Body;
        var ct = context.RequestAborted;

        async Task Send(byte[] frame)
        {
            await output.WriteAsync(frame, ct);
            await output.FlushAsync(ct);
        }

        await Send(EmulatorEventStream.Event("messageStart", """{"role":"assistant"}"""));
        for (var index = 0; index < reply.Blocks.Count; index++)
        {
            var block = reply.Blocks[index];
            foreach (var payload in BlockEvents(index, block))
            {
                await Send(EmulatorEventStream.Event(payload.Type, payload.Json));
                if (payload.Type == "contentBlockDelta" && (reply.CutStream || reply.StreamException))
                {
                    if (reply.StreamException)
                    {
                        await Send(EmulatorEventStream.Exception(reply.ErrorType ?? "internalServerException", new JsonObject { ["message"] = reply.ErrorMessage ?? "stream failure" }.ToJsonString()));
                        return;
                    }

                    var next = EmulatorEventStream.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"never arrives"}}""");
                    await output.WriteAsync(next.AsMemory(0, next.Length / 2), ct);
                    await output.FlushAsync(ct);

                    // End the body inside a frame (a graceful end: a reset would discard the bytes already sent).
                    return;
                }
            }
        }

        await Send(EmulatorEventStream.Event("messageStop", new JsonObject { ["stopReason"] = reply.StopReason }.ToJsonString()));
        await Send(EmulatorEventStream.Event("metadata", new JsonObject { ["usage"] = Usage(reply), ["metrics"] = new JsonObject { ["latencyMs"] = 1 } }.ToJsonString()));
    }

    private static IEnumerable<(string Type, string Json)> BlockEvents(int index, BedrockBlock block)
    {
        string Delta(JsonObject delta) => new JsonObject { ["contentBlockIndex"] = index, ["delta"] = delta }.ToJsonString();

        switch (block.Kind)
        {
            case "toolUse":
                yield return ("contentBlockStart", new JsonObject
                {
                    ["contentBlockIndex"] = index,
                    ["start"] = new JsonObject { ["toolUse"] = new JsonObject { ["toolUseId"] = block.ToolUseId, ["name"] = block.ToolName } },
                }.ToJsonString());

                // The input arrives as string fragments that only parse once joined.
                var input = block.InputJson ?? "{}";
                var half = input.Length / 2;
                yield return ("contentBlockDelta", Delta(new JsonObject { ["toolUse"] = new JsonObject { ["input"] = input[..half] } }));
                yield return ("contentBlockDelta", Delta(new JsonObject { ["toolUse"] = new JsonObject { ["input"] = input[half..] } }));
                break;
            case "reasoning":
                yield return ("contentBlockDelta", Delta(new JsonObject { ["reasoningContent"] = new JsonObject { ["text"] = block.Text } }));
                yield return ("contentBlockDelta", Delta(new JsonObject { ["reasoningContent"] = new JsonObject { ["signature"] = block.Signature } }));
                break;
            default:
                var text = block.Text ?? "";
                var middle = text.Length / 2;
                yield return ("contentBlockDelta", Delta(new JsonObject { ["text"] = text[..middle] }));
                yield return ("contentBlockDelta", Delta(new JsonObject { ["text"] = text[middle..] }));
                break;
        }

        yield return ("contentBlockStop", new JsonObject { ["contentBlockIndex"] = index }.ToJsonString());
    }

    private static async Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-errortype"] = $"{type}:http://internal.amazon.com/coral/com.amazon.bedrock/";
        await context.Response.WriteAsync(new JsonObject { ["message"] = message }.ToJsonString(), Encoding.UTF8, context.RequestAborted);
    }
}
