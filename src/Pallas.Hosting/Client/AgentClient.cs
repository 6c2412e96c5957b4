using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Pallas.Hosting.Client;

/// <summary>The client side of <c>pallas send</c>: calls a running agent's <c>send_message</c> over MCP and streams progress.</summary>
public static class AgentClient
{
    /// <summary>Default bound for connecting and initialising.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sends <paramref name="message"/> with a progress token; each progress message and each intermediate assistant
    /// text is reported to <paramref name="progress"/> as it arrives. Returns the reply or the agent's error text.
    /// </summary>
    /// <exception cref="AgentClientException">The agent could not be reached or answered with a protocol error.</exception>
    public static async Task<AgentReply> SendAsync(Uri mcpUrl, string message, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mcpUrl);
        ArgumentNullException.ThrowIfNull(message);

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = mcpUrl,
            TransportMode = HttpTransportMode.StreamableHttp,
            ConnectionTimeout = ConnectTimeout,
        });
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "pallas-send", Version = typeof(AgentClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" },
            InitializationTimeout = ConnectTimeout,
        };

        try
        {
            await using var client = await McpClient.CreateAsync(transport, options, NullLoggerFactory.Instance, cancellationToken);
            // MCP9005: logging is deprecated only from spec 2026-07-28; agents still relay assistant chunks through it.
#pragma warning disable MCP9005
            await using var chunks = client.RegisterNotificationHandler(NotificationMethods.LoggingMessageNotification, (notification, _) =>
            {
                if (progress is not null && AssistantText(notification.Params) is { Length: > 0 } text)
                {
                    progress.Report(text);
                }

                return ValueTask.CompletedTask;
            });
#pragma warning restore MCP9005

            var relay = progress is null ? null : new Progress(progress);
            var result = await client.CallToolAsync(
                "send_message",
                new Dictionary<string, object?> { ["message"] = message },
                relay,
                cancellationToken: cancellationToken);
            var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(block => block.Text));
            return new AgentReply(text, result.IsError == true);
        }
        catch (McpProtocolException exception)
        {
            throw new AgentClientException($"{mcpUrl} refused send_message: {exception.Message}", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new AgentClientException($"Cannot reach {mcpUrl}: {exception.Message}. Is the agent running (pallas) and is the URL right?", exception);
        }
        catch (TimeoutException exception)
        {
            throw new AgentClientException($"{mcpUrl} did not answer within {ConnectTimeout.TotalSeconds:0} s. Is the agent running?", exception);
        }
    }

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

    private sealed class Progress(IProgress<string> sink) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value)
        {
            if (!string.IsNullOrWhiteSpace(value.Message))
            {
                sink.Report(value.Message);
            }
        }
    }
}
