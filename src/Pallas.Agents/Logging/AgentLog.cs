using Microsoft.Extensions.Logging;

namespace Pallas.Agents.Logging;

/// <summary>Log events of the agent runtime. Prompts and completions are logged at Trace only.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "history row {index} skipped: {reason}")]
    public static partial void HistoryRowSkipped(ILogger logger, int index, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "send_message exceeded turn_timeout of {turn_timeout_seconds} s")]
    public static partial void TurnTimedOut(ILogger logger, double turn_timeout_seconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "send_message stopped: {reason}")]
    public static partial void StreamTimedOut(ILogger logger, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "provider {provider} failed ({kind}): {error}")]
    public static partial void ProviderFailed(ILogger logger, string provider, string kind, string error);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "send_message failed unexpectedly")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception);

    /// <summary>
    /// "agentic loop halted" with the contract's fields <c>event=loop_halt</c>, <c>tool</c>, <c>repeat_count</c>,
    /// <c>result_preview</c>. Written by hand because the generator would name the C# keyword parameter "@event".
    /// </summary>
    public static void LoopHalted(ILogger logger, string tool, int repeatCount, string resultPreview)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            logger.Log(LogLevel.Warning, new EventId(1006, nameof(LoopHalted)), new LoopHaltState(tool, repeatCount, resultPreview), null, static (_, _) => "agentic loop halted");
        }
    }

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Tool loop stopped: maximum iterations reached ({max_iterations})")]
    public static partial void MaxIterationsReached(ILogger logger, int max_iterations);

    // Debug, like a successful send_message: per-call detail is in the metrics; failures have their own warning.
    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "tool {tool} finished: {outcome} in {duration_ms} ms")]
    public static partial void ToolFinished(ILogger logger, string tool, string outcome, double duration_ms);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "tool {tool} failed: {error}")]
    public static partial void ToolFailed(ILogger logger, string tool, string error);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Trace, Message = "LLM iteration {iteration} replied: {completion}")]
    public static partial void Completion(ILogger logger, int iteration, string completion);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Trace, Message = "prompt: {prompt}")]
    public static partial void Prompt(ILogger logger, string prompt);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Debug, Message = "observer failed; the notification was dropped")]
    public static partial void ObserverFailed(ILogger logger, Exception exception);
}
