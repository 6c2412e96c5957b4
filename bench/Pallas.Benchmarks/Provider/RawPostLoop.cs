using System.Diagnostics;
using System.Net.Http.Headers;
using Pallas.Benchmarks.Load;

namespace Pallas.Benchmarks.Provider;

/// <summary>
/// One client POSTing the same bytes to the emulator back to back for a fixed time: the emulator's own service time
/// as a plain HTTP client sees it (loopback round trip included), the part of a send_message that is not Pallas.
/// </summary>
internal static class RawPostLoop
{
    public static async Task<LoadResult> RunAsync(Uri url, byte[] body, string bearer, bool stream, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var samples = new List<long>(capacity: 16_384);
        long errors = 0;
        string? firstError = null;
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmupEnd)
        {
            await PostAsync(http, url, body, bearer, stream, cancellationToken);
        }

        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            var began = Stopwatch.GetTimestamp();
            var error = await PostAsync(http, url, body, bearer, stream, cancellationToken);
            var elapsed = Stopwatch.GetTimestamp() - began;
            if (error is null)
            {
                samples.Add(elapsed);
            }
            else
            {
                errors++;
                firstError ??= error;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new LoadResult(stream ? "raw POST /converse-stream" : "raw POST /converse", 1, samples.Count, errors, seconds, LatencyStats.FromTicks([.. samples]), firstError);
    }

    private static async Task<string?> PostAsync(HttpClient http, Uri url, byte[] body, string bearer, bool stream, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (stream)
        {
            request.Headers.Accept.ParseAdd("application/vnd.amazon.eventstream");
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }
}
