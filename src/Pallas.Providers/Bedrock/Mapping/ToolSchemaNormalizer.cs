using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pallas.Providers.Bedrock.Mapping;

/// <summary>
/// Turns an MCP tool's JSON Schema into one Converse accepts (peers.md §2b item 2): always an object schema,
/// local <c>$ref</c>s inlined, <c>oneOf</c>/<c>anyOf</c> reduced to their first non-null branch, out-of-range integer
/// bounds dropped, the meta keywords Converse does not need removed, and property names Bedrock rejects renamed
/// (recorded in the <see cref="ToolNameMap"/> so the model's arguments can be mapped back).
/// </summary>
internal static class ToolSchemaNormalizer
{
    private const int MaxRefDepth = 8;

    private static readonly string[] DroppedKeywords = ["$schema", "$id", "$defs", "definitions", "$comment"];
    private static readonly string[] NumericBounds = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];

    /// <summary>The normalised schema (a new object; the input is not changed).</summary>
    public static JsonObject Normalize(JsonElement schema, ToolNameMap? names = null)
    {
        names ??= new ToolNameMap();
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return EmptyObjectSchema();
        }

        var root = JsonNode.Parse(schema.GetRawText())!.AsObject();
        var definitions = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var key in new[] { "$defs", "definitions" })
        {
            if (root[key] is JsonObject defs)
            {
                foreach (var (name, value) in defs)
                {
                    if (value is not null)
                    {
                        definitions[$"#/{key}/{name}"] = value;
                    }
                }
            }
        }

        var normalized = NormalizeNode(root, definitions, 0, names)!.AsObject();
        if (normalized["type"] is null)
        {
            normalized["type"] = "object";
        }

        if (normalized["type"]?.GetValueKind() != JsonValueKind.String || (string?)normalized["type"] != "object")
        {
            return EmptyObjectSchema();
        }

        if (normalized["properties"] is null)
        {
            normalized["properties"] = new JsonObject();
        }

        return normalized;
    }

    /// <summary><c>{"type":"object","properties":{}}</c>.</summary>
    public static JsonObject EmptyObjectSchema() => new() { ["type"] = "object", ["properties"] = new JsonObject() };

    private static JsonNode? NormalizeNode(JsonNode? node, Dictionary<string, JsonNode> definitions, int depth, ToolNameMap names)
    {
        if (node is JsonArray array)
        {
            return new JsonArray(array.Select(item => NormalizeNode(item, definitions, depth, names)).ToArray());
        }

        if (node is not JsonObject obj)
        {
            return node?.DeepClone();
        }

        if (obj["$ref"] is JsonValue reference && reference.TryGetValue(out string? target))
        {
            if (depth < MaxRefDepth && definitions.TryGetValue(target, out var resolved))
            {
                return NormalizeNode(resolved, definitions, depth + 1, names);
            }

            // An unresolvable or too deep (recursive) reference: accept anything rather than fail every request.
            return new JsonObject { ["type"] = "object" };
        }

        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (obj[combinator] is JsonArray branches)
            {
                var chosen = branches.OfType<JsonObject>().FirstOrDefault(b => (string?)b["type"] != "null");
                var merged = chosen is null ? new JsonObject() : NormalizeNode(chosen, definitions, depth, names)!.AsObject();
                foreach (var (key, value) in obj)
                {
                    if (key != combinator && !merged.ContainsKey(key))
                    {
                        merged[key] = NormalizeNode(value, definitions, depth, names);
                    }
                }

                return merged;
            }
        }

        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (DroppedKeywords.Contains(key) || (NumericBounds.Contains(key) && !FitsInt32(value)))
            {
                continue;
            }

            result[key] = key switch
            {
                "properties" when value is JsonObject properties =>
                    new JsonObject(properties.Select(p => KeyValuePair.Create(names.AddProperty(p.Key), NormalizeNode(p.Value, definitions, depth, names)))),
                "required" when value is JsonArray required =>
                    new JsonArray(required.Select(r => r is JsonValue v && v.TryGetValue(out string? name) ? (JsonNode)JsonValue.Create(names.AddProperty(name)) : r?.DeepClone()).ToArray()),
                _ => NormalizeNode(value, definitions, depth, names),
            };
        }

        return result;
    }

    // Bedrock fails with "int too big to convert" on integer bounds beyond 64-bit; keep only values that fit comfortably.
    private static bool FitsInt32(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var number)
        && Math.Abs(number) <= int.MaxValue;
}
