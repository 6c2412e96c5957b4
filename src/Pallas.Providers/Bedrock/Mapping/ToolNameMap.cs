using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;

namespace Pallas.Providers.Bedrock.Mapping;

/// <summary>
/// Converse accepts tool names matching <c>^[a-zA-Z0-9_-]{1,64}$</c> only; one bad MCP tool name would fail every request.
/// Names are sanitised deterministically (invalid characters replaced, truncated, short hash suffix) and mapped back.
/// </summary>
internal sealed partial class ToolNameMap
{
    private const int MaxLength = 64;
    private const int HashLength = 8;

    private readonly Dictionary<string, string> toOriginal = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> propertyToOriginal = new(StringComparer.Ordinal);

    /// <summary>Whether any schema property name had to be renamed.</summary>
    public bool HasPropertyRenames => propertyToOriginal.Count > 0;

    /// <summary>Whether a name is already acceptable to Converse.</summary>
    public static bool IsValid(string name) => ValidName().IsMatch(name);

    /// <summary>The wire name for <paramref name="name"/>; unchanged when already valid.</summary>
    public static string Sanitize(string name)
    {
        if (IsValid(name))
        {
            return name;
        }

        var cleaned = InvalidCharacters().Replace(name, "_");
        var hash = Crc32.HashToUInt32(Encoding.UTF8.GetBytes(name)).ToString("x8", CultureInfo.InvariantCulture);
        var keep = Math.Min(cleaned.Length, MaxLength - HashLength - 1);
        return $"{cleaned[..keep]}_{hash}";
    }

    /// <summary>Registers <paramref name="original"/> and returns its wire name.</summary>
    public string Add(string original)
    {
        var wire = Sanitize(original);
        toOriginal[wire] = original;
        return wire;
    }

    /// <summary>The wire name of a schema property; Bedrock rejects property keys outside <c>^[a-zA-Z0-9_.-]{1,64}$</c>.</summary>
    public string AddProperty(string original)
    {
        if (ValidProperty().IsMatch(original))
        {
            return original;
        }

        var wire = Sanitize(original);
        propertyToOriginal[wire] = original;
        return wire;
    }

    /// <summary>The original property name for a key the model used.</summary>
    public string PropertyToOriginal(string wireName) => propertyToOriginal.TryGetValue(wireName, out var original) ? original : wireName;

    /// <summary>The original name for a wire name returned by the model.</summary>
    public string ToOriginal(string wireName) => toOriginal.TryGetValue(wireName, out var original) ? original : wireName;

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ValidName();

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,64}$")]
    private static partial Regex ValidProperty();

    [GeneratedRegex("[^a-zA-Z0-9_-]")]
    private static partial Regex InvalidCharacters();
}
