using System.Text.Json.Serialization;

namespace Pallas.Hosting.Tasks;

/// <summary>The status of an MCP task (SEP-2663), as written on the wire. <c>input_required</c> is never used: an agent turn asks nothing back.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentTaskStatus>))]
internal enum AgentTaskStatus
{
    [JsonStringEnumMemberName("working")]
    Working,

    [JsonStringEnumMemberName("completed")]
    Completed,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
