using System.Globalization;
using Pallas.Configuration.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Pallas.Configuration.Loading;

/// <summary>
/// Typed, located access to one YAML mapping. Every read that fails records an error naming file, line and key
/// and returns <see langword="null"/>, so loading continues and all problems are reported together.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly YamlSources _sources;
    private readonly DiagnosticBag _diagnostics;

    public YamlMap(YamlMappingNode node, YamlLocation location, YamlSources sources, DiagnosticBag diagnostics)
    {
        _node = node;
        Location = location;
        _sources = sources;
        _diagnostics = diagnostics;
    }

    public YamlLocation Location { get; }

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    public bool Has(string key) => Find(key) is not null;

    /// <summary>Where <paramref name="key"/> is written, or this mapping's location if it is absent.</summary>
    public YamlLocation At(string key) =>
        FindEntry(key) is { } entry ? LocationOf(key, entry.Key) : Location.Child(key, Location.Line);

    public string? String(string key, bool required = false)
    {
        var node = Get(key, required);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar when scalar.Value is not null:
                return _sources.Substitute(scalar.Value, At(key), _diagnostics);
            case YamlScalarNode:
                return null;
            default:
                _diagnostics.Error(At(key), "expected a single value, got a list or mapping.");
                return null;
        }
    }

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            _diagnostics.Error(At(key), $"expected a whole number, got '{text}'.");
            return null;
        }

        if (value < min || value > max)
        {
            _diagnostics.Error(At(key), $"{value} is out of range; use a value from {min} to {max}.");
            return null;
        }

        return value;
    }

    public double? Double(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            _diagnostics.Error(At(key), $"expected a number, got '{text}'.");
            return null;
        }

        if (value < min || value > max)
        {
            _diagnostics.Error(At(key), $"{value.ToString(CultureInfo.InvariantCulture)} is out of range; use a value from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return value;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        _diagnostics.Error(At(key), $"expected true or false, got '{text}'.");
        return null;
    }

    public TimeSpan? Seconds(string key)
    {
        var seconds = Double(key, min: 0.001, max: 86_400);
        return seconds is { } s ? TimeSpan.FromSeconds(s) : null;
    }

    public Uri? Url(string key)
    {
        var text = String(key);
        if (string.IsNullOrWhiteSpace(text) || text.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        _diagnostics.Error(At(key), $"'{text}' is not an http(s) URL; write it in full, e.g. https://host:port/path.");
        return null;
    }

    /// <summary>A list of strings; a single scalar is accepted as a one-element list.</summary>
    public IReadOnlyList<string> StringList(string key)
    {
        switch (Get(key, required: false))
        {
            case null:
                return [];
            case YamlScalarNode { Value: null or "" }:
                return [];
            case YamlScalarNode scalar:
                return [_sources.Substitute(scalar.Value!, At(key), _diagnostics)];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } text })
                    {
                        items.Add(_sources.Substitute(text, At(key), _diagnostics));
                    }
                    else
                    {
                        _diagnostics.Error(Location.Child(key, YamlText.Line(item)) with { File = _sources.FileOf(item, Location.File) },
                            "each list item must be a single value.");
                    }
                }

                return items;
            default:
                _diagnostics.Error(At(key), "expected a list, e.g. [a, b].");
                return [];
        }
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var map = Map(key);
        if (map is null)
        {
            return new Dictionary<string, string>();
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in map.Keys)
        {
            if (map.String(name) is { } value)
            {
                result[name] = value;
            }
        }

        return result;
    }

    public YamlMap? Map(string key, bool required = false)
    {
        switch (Get(key, required))
        {
            case null:
                return null;
            case YamlScalarNode { Value: null or "" } when required:
                _diagnostics.Error(At(key), "is empty; it needs a mapping of keys to values under it.");
                return null;
            case YamlScalarNode { Value: null or "" }:
                return null;
            case YamlMappingNode mapping:
                return new YamlMap(mapping, At(key), _sources, _diagnostics);
            default:
                _diagnostics.Error(At(key), "expected a mapping of keys to values.");
                return null;
        }
    }

    public YamlNode? Raw(string key) => Find(key);

    /// <summary>Warns about keys not in <paramref name="known"/>; unknown keys are tolerated.</summary>
    public void WarnUnknownKeys(IReadOnlyCollection<string> known, string what, IReadOnlyCollection<string>? tolerated = null)
    {
        foreach (var key in Keys)
        {
            if (!known.Contains(key) && tolerated?.Contains(key) != true)
            {
                var hint = Spelling.Closest(key, known);
                _diagnostics.Warning(At(key), hint is null
                    ? $"unknown key in {what}; it is ignored. Known keys: {string.Join(", ", known)}."
                    : $"unknown key in {what}; did you mean '{hint}'?");
            }
        }
    }

    private YamlNode? Get(string key, bool required)
    {
        var node = Find(key);
        if (node is null && required)
        {
            _diagnostics.Error(At(key), "is required but missing.");
        }

        return node;
    }

    private YamlNode? Find(string key) => FindEntry(key)?.Value;

    private KeyValuePair<YamlNode, YamlNode>? FindEntry(string key)
    {
        foreach (var entry in _node.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                return entry;
            }
        }

        return null;
    }

    private YamlLocation LocationOf(string key, YamlNode keyNode) =>
        Location.Child(key, YamlText.Line(keyNode)) with { File = _sources.FileOf(keyNode, Location.File) };
}
