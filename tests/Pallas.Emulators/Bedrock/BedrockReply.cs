namespace Pallas.Emulators.Bedrock;

/// <summary>A scripted answer of <see cref="BedrockEmulator"/> to one Converse or ConverseStream call.</summary>
public sealed record BedrockReply
{
    /// <summary>The assistant's content blocks (successful replies).</summary>
    public IReadOnlyList<BedrockBlock> Blocks { get; init; } = [];

    /// <summary>The stop reason.</summary>
    public string StopReason { get; init; } = "end_turn";

    /// <summary>Usage: input tokens.</summary>
    public int InputTokens { get; init; } = 10;

    /// <summary>Usage: output tokens.</summary>
    public int OutputTokens { get; init; } = 5;

    /// <summary>Usage: cache-read input tokens, sent when set.</summary>
    public int? CacheReadInputTokens { get; init; }

    /// <summary>An HTTP error status to answer with instead (with <see cref="ErrorType"/> and <see cref="ErrorMessage"/>).</summary>
    public int? ErrorStatus { get; init; }

    /// <summary>The error type (<c>x-amzn-errortype</c> and <c>__type</c>), or the in-stream <c>:exception-type</c>.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The error message.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary><c>Retry-After</c> seconds sent with an error.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Streaming only: send the first text delta, then half a frame, then end the body.</summary>
    public bool CutStream { get; init; }

    /// <summary>Reset the connection without answering (a network failure before any output).</summary>
    public bool ResetConnection { get; init; }

    /// <summary>Streaming only: after the first text delta, send an exception message of <see cref="ErrorType"/>.</summary>
    public bool StreamException { get; init; }

    /// <summary>Answer nothing until the caller aborts the request (<see cref="BedrockEmulator.Aborted"/> then completes).</summary>
    public bool HoldUntilAborted { get; init; }

    /// <summary>A model that thinks forever: a turn on it ends only when it is cancelled.</summary>
    public static BedrockReply Hold() => new() { HoldUntilAborted = true };

    /// <summary>A plain text answer.</summary>
    public static BedrockReply Text(string text) => new() { Blocks = [BedrockBlock.FromText(text)] };

    /// <summary>An answer that calls one tool.</summary>
    public static BedrockReply ToolCall(string id, string name, string inputJson, string? preamble = null) => new()
    {
        Blocks = preamble is null ? [BedrockBlock.ToolUse(id, name, inputJson)] : [BedrockBlock.FromText(preamble), BedrockBlock.ToolUse(id, name, inputJson)],
        StopReason = "tool_use",
    };

    /// <summary>An HTTP error in Bedrock's shape.</summary>
    public static BedrockReply Error(int status, string type, string message, int? retryAfterSeconds = null) =>
        new() { ErrorStatus = status, ErrorType = type, ErrorMessage = message, RetryAfterSeconds = retryAfterSeconds };
}
