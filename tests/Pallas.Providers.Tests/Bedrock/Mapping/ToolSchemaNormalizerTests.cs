using System.Text.Json;
using Pallas.Providers.Bedrock.Mapping;

namespace Pallas.Providers.Tests.Bedrock.Mapping;

public sealed class ToolSchemaNormalizerTests
{
    [Fact]
    public void Normalize_RefsAndAnyOf_InlinedAndSimplified()
    {
        const string Schema = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"where":{"$ref":"#/$defs/place"},"count":{"anyOf":[{"type":"integer","maximum":99999999999999999999},{"type":"null"}],"description":"How many"}},
             "$defs":{"place":{"type":"object","properties":{"city":{"type":"string"}}}}}
            """;

        var normalized = ToolSchemaNormalizer.Normalize(JsonDocument.Parse(Schema).RootElement);

        Assert.Equal(
            """{"type":"object","properties":{"where":{"type":"object","properties":{"city":{"type":"string"}}},"count":{"type":"integer","description":"How many"}}}""",
            normalized.ToJsonString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"type":"string"}""")]
    [InlineData("true")]
    public void Normalize_NotAnObjectSchema_BecomesEmptyObjectSchema(string schema)
    {
        var normalized = ToolSchemaNormalizer.Normalize(JsonDocument.Parse(schema).RootElement);

        Assert.Equal("""{"type":"object","properties":{}}""", normalized.ToJsonString());
    }

    [Fact]
    public void Normalize_PropertyNamesBedrockRejects_RenamedAndMappedBack()
    {
        var names = new ToolNameMap();
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"file path":{"type":"string"},"ok.name":{"type":"string"}},"required":["file path"]}""").RootElement;

        var normalized = ToolSchemaNormalizer.Normalize(schema, names);

        var wire = names.AddProperty("file path");
        Assert.NotEqual("file path", wire);
        Assert.Equal(
            """{"type":"object","properties":{"WIRE":{"type":"string"},"ok.name":{"type":"string"}},"required":["WIRE"]}""".Replace("WIRE", wire, StringComparison.Ordinal),
            normalized.ToJsonString());
        var call = ConverseResponseMapper.ToFunctionCall("c", "t", JsonDocument.Parse($$"""{"{{wire}}":"/tmp/a b"}""").RootElement, names);
        Assert.Equal("/tmp/a b", ((JsonElement)call.Arguments!["file path"]!).GetString());
    }
}
