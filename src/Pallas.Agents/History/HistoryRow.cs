using Microsoft.Extensions.AI;

namespace Pallas.Agents.History;

/// <summary>One valid <c>history</c> row: a role, its text and its images, already decoded.</summary>
internal sealed record HistoryRow(ChatRole Role, string Content, IReadOnlyList<DataContent> Images);
