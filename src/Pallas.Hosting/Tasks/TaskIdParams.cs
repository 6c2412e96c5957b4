using System.Text.Json.Serialization;

namespace Pallas.Hosting.Tasks;

/// <summary>The params of <c>tasks/get</c> and <c>tasks/cancel</c>.</summary>
internal sealed record TaskIdParams([property: JsonPropertyName("taskId")] string? TaskId);
