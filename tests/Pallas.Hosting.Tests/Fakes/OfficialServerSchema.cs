using Json.Schema;

namespace Pallas.Hosting.Tests.Fakes;

/// <summary>The official MCP server.json schema from TestData, loaded once (the library registers schemas by $id globally).</summary>
internal static class OfficialServerSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "server.schema.json"))));

    public static JsonSchema Value => Schema.Value;
}
