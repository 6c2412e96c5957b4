using System.Diagnostics;

namespace Pallas.Benchmarks.Load;

/// <summary>
/// Makes exactly <c>total</c> calls from N clients spread round-robin over several endpoints, and calls
/// <c>onProgress</c> (from the worker that completed it) every <c>every</c> completed calls: a soak, not a rate test.
/// </summary>
internal static class FixedCountRunner
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<LoadResult> RunAsync(
        IReadOnlyList<Uri> endpoints,
        string tool,
        IReadOnlyDictionary<string, object?> arguments,
        int clients,
        int total,
        int every,
        Action<int> onProgress,
        CancellationToken cancellationToken)
    {
        var pools = new List<McpClientPool>();
        try
        {
            for (var i = 0; i < endpoints.Count; i++)
            {
                var share = clients / endpoints.Count + (i < clients % endpoints.Count ? 1 : 0);
                pools.Add(await McpClientPool.ConnectAsync(endpoints[i], Math.Max(1, share), cancellationToken));
            }

            var issued = 0;
            var completed = 0;
            long errors = 0;
            string? firstError = null;
            var samples = new long[total];
            var start = Stopwatch.GetTimestamp();
            var workers = pools.SelectMany(p => p.Clients).Select(client => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref issued) <= total)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(CallTimeout);
                    var started = Stopwatch.GetTimestamp();
                    string? error = null;
                    try
                    {
                        var result = await client.CallToolAsync(tool, arguments, cancellationToken: timeout.Token);
                        if (result.IsError == true)
                        {
                            error = "tool error";
                        }
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        error = ex.GetType().Name + ": " + ex.Message.ReplaceLineEndings(" ");
                    }

                    var done = Interlocked.Increment(ref completed);
                    samples[done - 1] = Stopwatch.GetTimestamp() - started;
                    if (error is not null)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, error, null);
                    }

                    if (done % every == 0)
                    {
                        onProgress(done);
                    }
                }
            }, cancellationToken)).ToArray();
            await Task.WhenAll(workers);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return new LoadResult("soak", clients, completed - errors, errors, seconds, LatencyStats.FromTicks(samples[..completed]), firstError);
        }
        finally
        {
            foreach (var pool in pools)
            {
                await pool.DisposeAsync();
            }
        }
    }
}
