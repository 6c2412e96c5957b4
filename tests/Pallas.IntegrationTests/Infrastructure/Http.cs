using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Pallas.IntegrationTests.Infrastructure;

/// <summary>Small HTTP helpers for probing a running pallas.</summary>
internal static class Http
{
    public static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Polls <paramref name="url"/> until it answers <paramref name="status"/> (bounded), returning the last body.</summary>
    public static async Task<string> WaitForStatusAsync(Uri url, HttpStatusCode status, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            try
            {
                using var response = await Client.GetAsync(url, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == status)
                {
                    return body;
                }

                last = $"{(int)response.StatusCode} {body}";
            }
            catch (HttpRequestException exception)
            {
                // Not listening yet.
                last = exception.Message;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{url} did not answer {(int)status}; last answer: {last}");
    }

    public static async Task<JsonNode> GetJsonAsync(Uri url, CancellationToken cancellationToken) =>
        JsonNode.Parse(await Client.GetStringAsync(url, cancellationToken))!;
}
