using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Preflight;

/// <summary>
/// The startup probe of a model's provider: one GET that costs no tokens and tells whether the endpoint answers, the
/// key is accepted and the model is served. The host caches the result per provider for <c>get_health</c>,
/// <c>/healthz</c> and the <c>pallas_llm_preflight_ok</c> metric.
/// </summary>
public static class ProviderPreflight
{
    /// <summary>How long one probe may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Probes the provider of <paramref name="model"/>. Returns <see langword="null"/> where no probe applies
    /// (bedrock, offline models). Never throws for a failed probe: the result then has <c>Ok = false</c> and the same
    /// one-line text a call would fail with. Only cancellation by <paramref name="cancellationToken"/> propagates.
    /// </summary>
    public static async Task<PreflightResult?> RunAsync(ModelSpec model, PallasSettings settings, HttpClient http, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);

        if (PreflightProbes.For(model, settings) is not { } probe)
        {
            return null;
        }

        var provider = probe.Context.Provider;
        var checkedAt = time.GetUtcNow();
        if (probe.KeyProblem is { } keyProblem)
        {
            return new(provider, false, keyProblem.Message, checkedAt);
        }

        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var detail = await ProbeAsync(probe, http, time, linked.Token);
            return new(provider, detail is null, detail ?? probe.Success, checkedAt);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(provider, false, $"GET {probe.Url} did not answer within {Timeout.TotalSeconds:0} s; check base_url and the network", checkedAt);
        }
        catch (HttpRequestException ex)
        {
            return new(provider, false, HttpErrorTranslator.FromNetwork(probe.Context, probe.Url, ex).Message, checkedAt);
        }
    }

    private static async Task<string?> ProbeAsync(PreflightProbe probe, HttpClient http, TimeProvider time, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, probe.Url);
        foreach (var (name, value) in probe.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var retryAfter = HttpErrorTranslator.ReadRetryAfter(response.Headers, time);
            return HttpErrorTranslator.FromResponse(probe.Context, (int)response.StatusCode, body, retryAfter).Message;
        }

        if (probe.JsonBody)
        {
            var start = ResponseBodyCheck.Inspect(request, response, await response.Content.ReadAsByteArrayAsync(cancellationToken), BodyFormat.Json, probe.Context.Secret);
            if (!start.Valid)
            {
                return ResponseBodyCheck.NotExpected(probe.Context.Provider, start).Message;
            }
        }

        return probe.CheckBody(body);
    }
}
