using System.Text.Json.Serialization;

namespace Pallas.Hosting.Client;

/// <summary>Source-generated serialisation of the client's arguments.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class AgentClientJson : JsonSerializerContext;
