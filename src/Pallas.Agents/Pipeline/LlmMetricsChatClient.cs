using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Pallas.Agents.Telemetry;

namespace Pallas.Agents.Pipeline;

/// <summary>Counts LLM calls (<c>pallas_llm_requests_total</c>) and the tokens providers report (<c>pallas_llm_tokens_total</c>).</summary>
internal sealed class LlmMetricsChatClient(IChatClient innerClient, PallasMetrics metrics, string provider, string model) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            CountRequest("ok");
            CountTokens(response.Usage);
            return response;
        }
        catch (Exception exception)
        {
            CountRequest(Outcome(exception));
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var usage = new UsageDetails();
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }
            }
            catch (Exception exception)
            {
                CountRequest(Outcome(exception));
                CountTokens(usage);
                throw;
            }

            foreach (var content in updates.Current.Contents.OfType<UsageContent>())
            {
                usage.Add(content.Details);
            }

            yield return updates.Current;
        }

        CountRequest("ok");
        CountTokens(usage);
    }

    private static string Outcome(Exception exception) => exception switch
    {
        OperationCanceledException => "cancelled",
        TimeoutException => "timeout",
        _ => "error",
    };

    private void CountRequest(string outcome) => metrics.LlmRequests.WithLabels(provider, model, outcome).Inc();

    private void CountTokens(UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        Add("input", usage.InputTokenCount);
        Add("output", usage.OutputTokenCount);
        Add("cache_read", usage.CachedInputTokenCount);
        foreach (var (key, value) in usage.AdditionalCounts ?? [])
        {
            // Providers name cache writes differently (CacheCreationInputTokens, cacheWriteInputTokens, ...).
            if (key.Contains("CacheCreation", StringComparison.OrdinalIgnoreCase) || key.Contains("CacheWrite", StringComparison.OrdinalIgnoreCase))
            {
                Add("cache_write", value);
            }
        }
    }

    private void Add(string type, long? count)
    {
        if (count is > 0)
        {
            metrics.LlmTokens.WithLabels(provider, model, type).Inc(count.Value);
        }
    }
}
