namespace Pallas.Emulators;

/// <summary>A tool call in a <see cref="ScriptedTurn"/>.</summary>
/// <param name="Id">The call id the client must echo in its tool result.</param>
/// <param name="Name">The tool name.</param>
/// <param name="ArgumentsJson">The arguments as a JSON object.</param>
public sealed record ScriptedToolCall(string Id, string Name, string ArgumentsJson);
