namespace Pallas.Agents.Downstream;

/// <summary>What a downstream tool returned, as text for the model.</summary>
/// <param name="Text">The text blocks joined; other blocks summarised.</param>
/// <param name="IsError">Whether the server flagged the result as an error (<c>isError: true</c>).</param>
internal sealed record DownstreamToolResult(string Text, bool IsError);
