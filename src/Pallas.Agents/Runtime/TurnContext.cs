using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Pallas.Agents.Downstream;
using Pallas.Agents.Logging;
using Pallas.Agents.LoopGuard;
using Pallas.Agents.Messaging;
using Pallas.Agents.Telemetry;
using Pallas.Providers.Resilience;

namespace Pallas.Agents.Runtime;

/// <summary>
/// The state of one <c>send_message</c>: iteration count, the loop guard and its verdict, and the
/// observer that turns steps into notifications. Never shared between calls.
/// </summary>
/// <remarks>
/// The observer is a <see cref="GuardedObserver"/>: reports are serialized and never throw. Downstream tool calls
/// open a sub-agent relay route that stays open until the turn is disposed, because the MCP client may hand over a
/// downstream agent's last chunk only after the call's result.
/// </remarks>
internal sealed class TurnContext(
    string agentName, int maxIterations, IAgentObserver observer, PallasMetrics metrics, ToolLoopGuard loopGuard, SubAgentRelay relay, ILogger logger) : IRetryObserver, IDisposable
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key under which a call carries its turn through the shared pipeline.</summary>
    public const string OptionsKey = "pallas.turn";

    private readonly List<SubAgentRelay.Registration> _relayRoutes = [];

    /// <summary>The turn a call's options carry.</summary>
    public static TurnContext From(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(OptionsKey, out var value) == true && value is TurnContext turn
            ? turn
            : throw new InvalidOperationException("The agent pipeline was called without its turn in ChatOptions.AdditionalProperties.");

    public int Iterations { get; private set; }

    /// <summary>Set when the loop guard stopped the turn.</summary>
    public LoopHalt? Halt { get; private set; }

    public ILogger Logger => logger;

    public async ValueTask<int> StartIterationAsync(CancellationToken cancellationToken)
    {
        var iteration = ++Iterations;
        await ReportProgressAsync($"{agentName}: LLM call {iteration}", cancellationToken);
        return iteration;
    }

    public async ValueTask CompleteIterationAsync(int iteration, ChatResponse response, CancellationToken cancellationToken)
    {
        var chunk = AssistantChunks.From(iteration, response);
        AgentLog.Completion(logger, iteration, response.Text);
        await observer.OnAssistantChunkAsync(chunk, cancellationToken);
    }

    /// <summary>
    /// The tool loop's function invoker: progress at start and end, <c>pallas_tool_calls_total</c>, failures turned
    /// into an error result for the model, and the loop guard.
    /// </summary>
    public async ValueTask<object?> InvokeToolAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        if (Iterations >= maxIterations)
        {
            // The model asked for tools on its last allowed LLM call: max_iterations counts LLM calls, so the tools
            // are not run and the loop ends with the partial answer.
            context.Terminate = true;
            return "Not run: max_iterations reached.";
        }

        var name = context.Function.Name;
        var server = context.Function is DownstreamToolFunction downstream ? downstream.ServerName : "agent";
        await ReportProgressAsync($"Calling {name}", cancellationToken);
        var started = Stopwatch.GetTimestamp();
        string text;
        string outcome;
        try
        {
            var result = context.Function is DownstreamToolFunction tool
                ? await tool.CallAsync(context.Arguments, OpenRelayRoute(context.CallContent.CallId), cancellationToken)
                : await context.Function.InvokeAsync(context.Arguments, cancellationToken);
            (text, var isError) = result switch
            {
                DownstreamToolResult downstreamResult => (downstreamResult.Text, downstreamResult.IsError),
                string plain => (plain, false),
                null => ("", false),
                _ => (JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions), false),
            };
            outcome = isError ? "error" : "ok";
            text = isError ? $"Error: {text}" : text;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            metrics.ToolCalls.WithLabels(agentName, server, "cancelled").Inc();
            throw;
        }
        catch (Exception exception)
        {
            outcome = "error";
            text = $"Error: {DownstreamConnection.OneLine(exception)}";
            AgentLog.ToolFailed(logger, name, text);
        }

        var durationMs = LogDuration.Milliseconds(Stopwatch.GetElapsedTime(started));
        metrics.ToolCalls.WithLabels(agentName, server, outcome).Inc();
        AgentLog.ToolFinished(logger, name, outcome, durationMs);
        await ReportProgressAsync($"Finished {name} ({outcome})", cancellationToken);

        if (loopGuard.Observe(name, context.Arguments, text) is { } halt)
        {
            Halt = halt;
            context.Terminate = true;
            AgentLog.LoopHalted(logger, halt.Tool, halt.RepeatCount, halt.ResultPreview);
            metrics.LoopAborts.WithLabels(agentName, "repeated_tool_call").Inc();
        }

        return text;
    }

    public ValueTask ReportProgressAsync(string message, CancellationToken cancellationToken) => observer.OnProgressAsync(message, cancellationToken);

    /// <summary>A provider retry is about to wait: the caller sees why nothing happens for seconds.</summary>
    public ValueTask OnRetryAsync(ProviderRetry retry, CancellationToken cancellationToken) => ReportProgressAsync($"{agentName}: {retry}", cancellationToken);

    /// <summary>Closes the turn's relay routes: chunks that arrive later have no caller left to reach.</summary>
    public void Dispose()
    {
        lock (_relayRoutes)
        {
            foreach (var route in _relayRoutes)
            {
                route.Dispose();
            }

            _relayRoutes.Clear();
        }
    }

    // Parallel tool calls open routes concurrently.
    private SubAgentRelay.Registration OpenRelayRoute(string callId)
    {
        var route = relay.Register(callId, observer);
        lock (_relayRoutes)
        {
            _relayRoutes.Add(route);
        }

        return route;
    }
}
