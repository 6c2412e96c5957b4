using Prometheus;

namespace Pallas.Agents.Telemetry;

/// <summary>
/// The Prometheus metrics of the contract, on a registry of their own so that tests and several hosts in one
/// process never share counters. Hosting serves <see cref="Registry"/> on <c>/metrics</c>.
/// </summary>
public sealed class PallasMetrics
{
    /// <summary>Creates the metrics on a new registry.</summary>
    public PallasMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        SendMessages = factory.CreateCounter("pallas_send_message_total", "send_message calls by outcome.", "agent", "outcome");
        SendMessageDuration = factory.CreateHistogram("pallas_send_message_duration_seconds", "Wall-clock time of send_message.",
            new HistogramConfiguration { LabelNames = ["agent"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 20) });
        LoopAborts = factory.CreateCounter("pallas_agent_loop_aborted_total", "Tool loops stopped by the loop guard or a limit.", "agent", "reason");
        LlmRequests = factory.CreateCounter("pallas_llm_requests_total", "LLM calls by outcome.", "provider", "model", "outcome");
        LlmTokens = factory.CreateCounter("pallas_llm_tokens_total", "Tokens reported by providers.", "provider", "model", "type");
        ToolCalls = factory.CreateCounter("pallas_tool_calls_total", "Downstream MCP tool calls by outcome.", "agent", "server", "outcome");
        Inflight = factory.CreateGauge("pallas_inflight_requests", "send_message calls in progress.", "agent");
        RejectedRequests = factory.CreateCounter("pallas_rejected_requests_total", "Requests refused before any work: authentication, scope or a limit.", "agent", "reason");
        PreflightOk = factory.CreateGauge("pallas_llm_preflight_ok", "1 when the provider's startup preflight passed, else 0.", "provider");
    }

    /// <summary>The registry holding every metric below.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary><c>pallas_send_message_total{agent,outcome}</c>.</summary>
    public Counter SendMessages { get; }

    /// <summary><c>pallas_send_message_duration_seconds{agent}</c>.</summary>
    public Histogram SendMessageDuration { get; }

    /// <summary><c>pallas_agent_loop_aborted_total{agent,reason}</c>.</summary>
    public Counter LoopAborts { get; }

    /// <summary><c>pallas_llm_requests_total{provider,model,outcome}</c>.</summary>
    public Counter LlmRequests { get; }

    /// <summary><c>pallas_llm_tokens_total{provider,model,type}</c>; type is input, output, cache_read or cache_write.</summary>
    public Counter LlmTokens { get; }

    /// <summary><c>pallas_tool_calls_total{agent,server,outcome}</c>.</summary>
    public Counter ToolCalls { get; }

    /// <summary><c>pallas_inflight_requests{agent}</c>.</summary>
    public Gauge Inflight { get; }

    /// <summary><c>pallas_rejected_requests_total{agent,reason}</c>; reason is unauthenticated, insufficient_scope, rate_limit or concurrency.</summary>
    public Counter RejectedRequests { get; }

    /// <summary><c>pallas_llm_preflight_ok{provider}</c>.</summary>
    public Gauge PreflightOk { get; }
}
