namespace Pallas.Agents.LoopGuard;

/// <summary>Why the loop guard stopped a turn.</summary>
/// <param name="Tool">The repeated tool, as the model named it.</param>
/// <param name="RepeatCount">How many identical rounds in a row.</param>
/// <param name="ResultPreview">The start of the repeated result.</param>
internal sealed record LoopHalt(string Tool, int RepeatCount, string ResultPreview);
