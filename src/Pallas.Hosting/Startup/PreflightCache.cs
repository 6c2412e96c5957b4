using Microsoft.Extensions.Logging;
using Pallas.Agents.Telemetry;
using Pallas.Configuration.Models;
using Pallas.Hosting.Logging;
using Pallas.Providers.Preflight;

namespace Pallas.Hosting.Startup;

/// <summary>
/// Runs the provider preflight once per provider, concurrently and bounded, and keeps the results for health,
/// the registry and <c>pallas_llm_preflight_ok</c>. A failure never stops startup.
/// </summary>
internal sealed partial class PreflightCache
{
    private readonly Dictionary<ModelProvider, PreflightResult?> _results = [];

    /// <summary>Results that exist (providers with a probe), for the registry's <c>/healthz</c>.</summary>
    public IReadOnlyCollection<PreflightResult> Results => _results.Values.OfType<PreflightResult>().ToList();

    /// <summary>The cached result for a model's provider; <see langword="null"/> when no probe applies.</summary>
    public PreflightResult? For(ModelSpec model) => _results.GetValueOrDefault(model.Provider);

    public static async Task<PreflightCache> RunAsync(
        IEnumerable<ModelSpec> models,
        Func<ModelSpec, CancellationToken, Task<PreflightResult?>>? preflight,
        TimeSpan timeout,
        PallasMetrics metrics,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var cache = new PreflightCache();
        if (preflight is null)
        {
            return cache;
        }

        // Once per provider: the first model named for it is the one probed.
        var byProvider = models.GroupBy(model => model.Provider).Select(group => group.First()).ToList();
        var results = await Task.WhenAll(byProvider.Select(model => ProbeAsync(model, preflight, timeout, time, cancellationToken)));
        foreach (var (model, result) in byProvider.Zip(results))
        {
            cache._results[model.Provider] = result;
            if (result is null)
            {
                continue;
            }

            metrics.PreflightOk.WithLabels(result.Provider).Set(result.Ok ? 1 : 0);
            if (result.Ok)
            {
                LogPreflightPassed(logger, result.Provider, result.Detail);
            }
            else
            {
                LogPreflightFailed(logger, result.Provider, result.Detail);
            }
        }

        return cache;
    }

    private static async Task<PreflightResult?> ProbeAsync(
        ModelSpec model,
        Func<ModelSpec, CancellationToken, Task<PreflightResult?>> preflight,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var provider = model.Provider.ToConfigName();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            return await preflight(model, bounded.Token).WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PreflightResult(provider, false, $"{provider} preflight for {model} did not answer within {timeout.TotalSeconds:0} s; check the base_url and the network.", time.GetUtcNow());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new PreflightResult(provider, false, $"{provider} preflight for {model} failed: {SecretRedactor.Redact(exception.Message)}", time.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Preflight passed for {Provider}: {Detail}")]
    private static partial void LogPreflightPassed(ILogger logger, string provider, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preflight failed for {Provider}: {Detail}; agents using it report degraded")]
    private static partial void LogPreflightFailed(ILogger logger, string provider, string detail);
}
