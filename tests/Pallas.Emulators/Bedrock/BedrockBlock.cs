namespace Pallas.Emulators.Bedrock;

/// <summary>One content block of a scripted assistant answer.</summary>
/// <param name="Kind">text, toolUse or reasoning.</param>
/// <param name="Text">The text (text, reasoning).</param>
/// <param name="ToolUseId">The toolUse id.</param>
/// <param name="ToolName">The tool name as the model would send it.</param>
/// <param name="InputJson">The toolUse input as JSON text.</param>
/// <param name="Signature">The reasoning signature.</param>
public sealed record BedrockBlock(string Kind, string? Text = null, string? ToolUseId = null, string? ToolName = null, string? InputJson = null, string? Signature = null)
{
    /// <summary>A text block.</summary>
    public static BedrockBlock FromText(string text) => new("text", Text: text);

    /// <summary>A toolUse block.</summary>
    public static BedrockBlock ToolUse(string id, string name, string inputJson) => new("toolUse", ToolUseId: id, ToolName: name, InputJson: inputJson);

    /// <summary>A signed reasoning block.</summary>
    public static BedrockBlock Reasoning(string text, string signature) => new("reasoning", Text: text, Signature: signature);
}
