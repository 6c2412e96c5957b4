using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pallas.Hosting.Agents;

/// <summary>Source-generated serialisation for the JSON documents hosting builds by hand.</summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonContext : JsonSerializerContext;
