namespace Pallas.Agents.Messaging;

/// <summary>Where a relayed <c>assistant_chunk</c> came from: an iteration of a sub-agent that is itself a Pallas agent.</summary>
/// <param name="Agent">The agent whose LLM iteration this is.</param>
/// <param name="ViaAgent">The relayed-through peers as seen from the agent relaying it, outermost first, e.g. <c>["research", "search"]</c>.</param>
/// <param name="ParentCallId">The tool-call id, in the calling agent's iteration, that invoked <paramref name="Agent"/>.</param>
public sealed record ChunkRelay(string Agent, IReadOnlyList<string> ViaAgent, string ParentCallId);
