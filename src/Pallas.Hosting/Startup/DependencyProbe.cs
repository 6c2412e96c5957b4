using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace Pallas.Hosting.Startup;

/// <summary>Waits until an MCP endpoint answers <c>initialize</c>, retrying within a bound.</summary>
internal static class DependencyProbe
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    /// <summary><see langword="null"/> when the endpoint answered; otherwise why it did not, in one line.</summary>
    public static async Task<string?> WaitForInitializeAsync(Uri endpoint, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        string lastError = "no answer";
        while (true)
        {
            try
            {
                var transport = new HttpClientTransport(new HttpClientTransportOptions
                {
                    Endpoint = endpoint,
                    TransportMode = HttpTransportMode.StreamableHttp,
                    ConnectionTimeout = timeout,
                });
                await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { InitializationTimeout = timeout }, NullLoggerFactory.Instance, bounded.Token);
                return null;
            }
            catch (HttpRequestException exception) when (exception.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)
            {
                // An agent behind auth or a limit refuses the probe, which has no caller's token: it is up and serving.
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return $"{endpoint} did not answer MCP initialize within {timeout.TotalSeconds:0} s ({lastError})";
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                lastError = exception.Message;
            }

            try
            {
                await Task.Delay(RetryInterval, time, bounded.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return $"{endpoint} did not answer MCP initialize within {timeout.TotalSeconds:0} s ({lastError})";
            }
        }
    }
}
