using System.Text.Json.Serialization;

namespace Pallas.Hosting.Tasks;

/// <summary>The wire records of the Tasks extension and the stored form of a task, serialized without reflection.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentTask))]
[JsonSerializable(typeof(TaskResult))]
[JsonSerializable(typeof(TaskIdParams))]
internal sealed partial class TaskJsonContext : JsonSerializerContext;
