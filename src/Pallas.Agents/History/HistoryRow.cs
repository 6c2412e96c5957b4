using Microsoft.Extensions.AI;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.History;

/// <summary>One valid <c>history</c> row: a role, its text and its images.</summary>
internal sealed record HistoryRow(ChatRole Role, string Content, IReadOnlyList<ImageInput> Images);
