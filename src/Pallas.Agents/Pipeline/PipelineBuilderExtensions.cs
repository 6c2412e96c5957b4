using Microsoft.Extensions.AI;
using Pallas.Agents.Runtime;
using Pallas.Agents.Telemetry;

namespace Pallas.Agents.Pipeline;

/// <summary><c>Use…</c> registrations of the agent pipeline's middleware.</summary>
internal static class PipelineBuilderExtensions
{
    public static ChatClientBuilder UseIterationObserver(this ChatClientBuilder builder) =>
        builder.Use(inner => new IterationObserverChatClient(inner));

    public static ChatClientBuilder UseLlmMetrics(this ChatClientBuilder builder, PallasMetrics metrics, string provider, string model) =>
        builder.Use(inner => new LlmMetricsChatClient(inner, metrics, provider, model));

    public static ChatClientBuilder UseStreamingIdleTimeout(this ChatClientBuilder builder, TimeSpan idleLimit) =>
        builder.Use(inner => new StreamingIdleTimeoutChatClient(inner, idleLimit));
}
