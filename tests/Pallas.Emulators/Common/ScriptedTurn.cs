namespace Pallas.Emulators;

/// <summary>One scripted answer of an emulated model API: a text reply, tool calls, or an HTTP error.</summary>
public sealed record ScriptedTurn
{
    /// <summary>The reply text (may accompany tool calls).</summary>
    public string? Text { get; init; }

    /// <summary>Tool calls the model makes in this turn.</summary>
    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; init; } = [];

    /// <summary>When set, the request fails with this HTTP status instead.</summary>
    public int? ErrorStatus { get; init; }

    /// <summary>The error message of a failing turn.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The <c>Retry-After</c> of a failing turn.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A plain text reply.</summary>
    public static ScriptedTurn Reply(string text) => new() { Text = text };

    /// <summary>A turn that calls one tool with JSON arguments.</summary>
    public static ScriptedTurn CallTool(string name, string argumentsJson, string? id = null) =>
        new() { ToolCalls = [new ScriptedToolCall(id ?? $"call_{Guid.NewGuid():N}"[..20], name, argumentsJson)] };

    /// <summary>A turn that fails with <paramref name="status"/>.</summary>
    public static ScriptedTurn Fail(int status, string message, TimeSpan? retryAfter = null) =>
        new() { ErrorStatus = status, ErrorMessage = message, RetryAfter = retryAfter };
}
