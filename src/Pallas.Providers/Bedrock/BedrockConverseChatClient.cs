using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Settings;
using Pallas.Providers.Bedrock.Auth;
using Pallas.Providers.Bedrock.EventStream;
using Pallas.Providers.Bedrock.Mapping;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Bedrock;

/// <summary>
/// <see cref="IChatClient"/> over the Bedrock Converse API (<c>/converse</c>) and ConverseStream (<c>/converse-stream</c>).
/// A thin translator: mapping lives in <see cref="ConverseRequestMapper"/> / <see cref="ConverseResponseMapper"/>; retries are middleware.
/// </summary>
internal sealed class BedrockConverseChatClient(
    ConverseRequestContext context,
    BedrockSettings settings,
    HttpClient http,
    BedrockAuthenticator authenticator,
    IEnvironmentVariables environment) : IChatClient
{
    private const string JsonMediaType = "application/json";
    private const string EventStreamMediaType = "application/vnd.amazon.eventstream";

    private readonly ChatClientMetadata metadata = new("aws.bedrock", settings.BaseUrl, context.ModelId);

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var names = new ToolNameMap();
        using var request = await CreateRequestAsync(messages, options, names, "converse", cancellationToken);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var start = ResponseBodyCheck.Inspect(request, response, body, BodyFormat.Json, secret: null);
        if (!start.Valid)
        {
            throw ResponseBodyCheck.NotExpected(BedrockErrors.Provider, start);
        }

        using var document = ParseConverseResponse(body, start);
        return ConverseResponseMapper.FromConverseResponse(document.RootElement, names, context.ModelId);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = new ToolNameMap();
        using var request = await CreateRequestAsync(messages, options, names, "converse-stream", cancellationToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(EventStreamMediaType));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        BodyStart start;
        try
        {
            start = await ResponseBodyCheck.PeekAsync(request, response, BodyFormat.AwsEventStream, secret: null, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw Interrupted(ex, yielded: false);
        }

        // A body that does not open with an event-stream prelude is not a stream that was cut: something else answered.
        if (!start.Valid)
        {
            throw ResponseBodyCheck.NotExpected(BedrockErrors.Provider, start);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);

        var state = new ConverseStreamState(names, context.ModelId);
        var yielded = false;
        await using var messagesEnumerator = EventStreamReader.ReadAllAsync(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            EventStreamMessage message;
            try
            {
                if (!await messagesEnumerator.MoveNextAsync())
                {
                    break;
                }

                message = messagesEnumerator.Current;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or EventStreamFormatException)
            {
                throw Interrupted(ex, yielded);
            }

            var update = Apply(state, message, yielded);
            if (update is not null)
            {
                yielded = true;
                yield return update;
            }
        }

        if (!state.Stopped || !state.HasMetadata)
        {
            throw Interrupted(new EndOfStreamException("The event stream ended before messageStop and metadata."), yielded);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private ChatResponseUpdate? Apply(ConverseStreamState state, EventStreamMessage message, bool yielded)
    {
        switch (message.GetString(":message-type"))
        {
            case "event":
                using (var document = ParseJson(message.Payload.ToArray()))
                {
                    try
                    {
                        return state.Apply(message.GetString(":event-type") ?? "", document.RootElement);
                    }
                    catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                    {
                        // A malformed event (e.g. tool input that does not parse once joined) ends the answer cleanly.
                        throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.ModelError,
                            $"Bedrock model '{context.ModelId}' sent a malformed '{message.GetString(":event-type")}' event ({BedrockErrors.FirstLine(ex.Message)}).", innerException: ex);
                    }
                }

            case "exception":
                var exceptionType = message.GetString(":exception-type") ?? "exception";
                throw BedrockErrors.FromStreamException(exceptionType, ReadMessage(message.Payload), context.ModelId, yielded);
            case "error":
                throw BedrockErrors.FromStreamException(message.GetString(":error-code") ?? "error", message.GetString(":error-message"), context.ModelId, yielded);
            default:
                return null;
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, ToolNameMap names, string operation, CancellationToken cancellationToken)
    {
        var region = BedrockEndpoint.ResolveRegion(settings, environment);
        var body = Encoding.UTF8.GetBytes(ConverseRequestMapper.ToConverseRequest(messages, options, context, names).ToJsonString());
        var request = new HttpRequestMessage(HttpMethod.Post, BedrockEndpoint.OperationUri(settings.BaseUrl, region, context.ModelId, operation))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
        try
        {
            await authenticator.AuthenticateAsync(request, body, region, cancellationToken);
        }
        catch
        {
            request.Dispose();
            throw;
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.Network,
                $"Could not reach Bedrock at {request.RequestUri!.Host}: {BedrockErrors.FirstLine(ex.Message)}", innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.Network,
                $"Bedrock at {request.RequestUri!.Host} did not answer within {http.Timeout.TotalSeconds:0} s.", innerException: ex);
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw BedrockErrors.FromHttpError(response.StatusCode, response.Headers, text, context.ModelId);
        }
    }

    private ProviderException Interrupted(Exception ex, bool yielded) =>
        yielded || ex is EventStreamFormatException or EndOfStreamException
            ? new ProviderException(BedrockErrors.Provider, ProviderErrorKind.StreamInterrupted,
                $"The Bedrock stream for '{context.ModelId}' was cut before the message was complete ({BedrockErrors.FirstLine(ex.Message)}); the answer is incomplete, try again.", innerException: ex)
            : new ProviderException(BedrockErrors.Provider, ProviderErrorKind.Network,
                $"The connection to Bedrock was lost before any output ({BedrockErrors.FirstLine(ex.Message)}).", innerException: ex);

    // A Converse response is an object with "output"; JSON without it came from another service.
    private static JsonDocument ParseConverseResponse(byte[] body, BodyStart start)
    {
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("output", out _))
            {
                return document;
            }
        }
        catch (JsonException ex)
        {
            throw ResponseBodyCheck.NotExpected(BedrockErrors.Provider, start, "a Converse response", ex);
        }

        document.Dispose();
        throw ResponseBodyCheck.NotExpected(BedrockErrors.Provider, start, "a Converse response");
    }

    private JsonDocument ParseJson(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new ProviderException(BedrockErrors.Provider, ProviderErrorKind.ServerError,
                $"Bedrock returned a response for '{context.ModelId}' that is not valid JSON.", innerException: ex);
        }
    }

    private static string? ReadMessage(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("message", out var m) ? m.GetString()
                : root.TryGetProperty("Message", out var m2) ? m2.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
