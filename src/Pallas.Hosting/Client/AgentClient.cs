using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Downstream;

namespace Pallas.Hosting.Client;

/// <summary>The client side of <c>pallas send</c>: calls a running agent's <c>send_message</c> over MCP and streams progress.</summary>
public static class AgentClient
{
    /// <summary>Bound for connecting and initialising.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // The SDK dispatches notifications concurrently, so some may be handled after the reply that followed them.
    private static readonly TimeSpan NotificationQuiet = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan NotificationSettleLimit = TimeSpan.FromSeconds(1);

    private const string ProgressMethod = "notifications/progress";
    private const string LogMethod = "notifications/message";

    /// <summary>
    /// Sends <paramref name="message"/> with a progress token; each progress message and each intermediate assistant
    /// text is reported to <paramref name="progress"/> as it arrives. Returns the reply or the agent's error text.
    /// </summary>
    /// <param name="token">Sent as <c>Authorization: Bearer</c> to an agent with <c>auth</c>: an API key or an access token.</param>
    /// <exception cref="AgentClientException">The agent could not be reached or answered with a protocol error.</exception>
    public static async Task<AgentReply> SendAsync(Uri mcpUrl, string message, string? token, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mcpUrl);
        ArgumentNullException.ThrowIfNull(message);

        var progressToken = $"pallas-send-{Guid.NewGuid():N}";
        var transport = new ChunkRequestingTransport(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = mcpUrl,
            TransportMode = HttpTransportMode.StreamableHttp,
            ConnectionTimeout = ConnectTimeout,
            AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        }));

        // Handlers for the whole client, not CallToolAsync's IProgress: the SDK drops progress it dispatches after the call returned.
        var progressLines = new OrderedRelay(progress);
        var assistantLines = new OrderedRelay(progress);
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "pallas-send", Version = typeof(AgentClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" },
            InitializationTimeout = ConnectTimeout,
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(ProgressMethod, (notification, _) => Relay(progressLines, ProgressItem(notification.Params, progressToken))),
                    new(LogMethod, (notification, _) => Relay(assistantLines, AssistantItem(notification.Params))),
                ],
            },
        };

        try
        {
            await using var client = await McpClient.CreateAsync(transport, options, NullLoggerFactory.Instance, cancellationToken);
            var result = await client.CallToolAsync(
                new CallToolRequestParams
                {
                    Name = "send_message",
                    Arguments = new Dictionary<string, JsonElement> { ["message"] = JsonSerializer.SerializeToElement(message, AgentClientJson.Default.String) },
                    Meta = new JsonObject { ["progressToken"] = progressToken },
                },
                cancellationToken);
            await Task.WhenAll(
                progressLines.SettleAsync(NotificationQuiet, NotificationSettleLimit, cancellationToken),
                assistantLines.SettleAsync(NotificationQuiet, NotificationSettleLimit, cancellationToken));
            var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(block => block.Text));
            return new AgentReply(text, result.IsError == true);
        }
        catch (McpProtocolException exception)
        {
            throw new AgentClientException($"{mcpUrl} refused send_message: {exception.Message}", exception);
        }
        catch (HttpRequestException exception) when (exception.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var advice = token is null
                ? "this agent requires authentication; pass --token or set PALLAS_TOKEN (an API key or an access token)."
                : exception.StatusCode == HttpStatusCode.Forbidden
                    ? "the token lacks a scope the agent needs (auth.oauth.scopes); request one with that scope."
                    : "the token was not accepted (wrong key, expired, or for another audience).";
            throw new AgentClientException($"{mcpUrl} refused the call with {(int)exception.StatusCode!}: {advice}", exception);
        }
        catch (HttpRequestException exception) when (exception.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new AgentClientException($"{mcpUrl} refused the call with 429: a limit of the agent (limits) was reached; retry shortly.", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new AgentClientException($"Cannot reach {mcpUrl}: {exception.Message} Is the agent running, and is the URL right?", exception);
        }
        catch (TimeoutException exception)
        {
            throw new AgentClientException($"{mcpUrl} did not answer within {ConnectTimeout.TotalSeconds:0} s. Is the agent running?", exception);
        }
    }

    /// <summary>The progress value and message of a progress notification for <paramref name="token"/>; <see langword="null"/> for others.</summary>
    internal static (double Sequence, string? Text)? ProgressItem(JsonNode? parameters, string token) =>
        parameters?["progressToken"] is JsonValue value && value.ToString() == token && parameters["progress"] is JsonValue progress
            ? (progress.GetValue<double>(), parameters["message"]?.GetValue<string>())
            : null;

    /// <summary>
    /// The iteration and text of a top-level <c>assistant_chunk</c>; <see langword="null"/> for other log messages and
    /// relayed chunks. The text of the iteration that ended the turn (<c>endTurn</c>) is the reply itself, so it advances
    /// the sequence without a line: printed as progress too, a terminal showed the reply twice.
    /// </summary>
    internal static (double Sequence, string? Text)? AssistantItem(JsonNode? parameters) =>
        AssistantText(parameters) is { } text && parameters!["data"]?["schema_version"]?.GetValue<int>() == 2 && parameters["data"]?["iteration"] is JsonValue iteration
            ? (iteration.GetValue<double>(), parameters["data"]?["stop_reason"]?.GetValue<string>() == "endTurn" ? null : text)
            : null;

    /// <summary>The text blocks of an <c>assistant_chunk</c> notification; <see langword="null"/> for any other log message.</summary>
    internal static string? AssistantText(JsonNode? parameters)
    {
        if (parameters?["logger"]?.GetValue<string>() != "pallas.assistant" || parameters["data"] is not JsonObject data || data["content"] is not JsonArray content)
        {
            return null;
        }

        var texts = content
            .OfType<JsonObject>()
            .Where(block => block["type"]?.GetValue<string>() == "text")
            .Select(block => block["text"]?.GetValue<string>())
            .OfType<string>();
        return string.Join("\n", texts).Trim();
    }

    private static ValueTask Relay(OrderedRelay relay, (double Sequence, string? Text)? item)
    {
        if (item is { } value)
        {
            relay.Add(value.Sequence, value.Text);
        }

        return ValueTask.CompletedTask;
    }
}
