using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pallas.Configuration.Loading;

/// <summary>Parses YAML files into node trees that keep their line numbers, recording which file each node came from.</summary>
internal static class YamlText
{
    /// <summary>Parses <paramref name="text"/>; an empty document is an empty mapping. Syntax errors go to <paramref name="diagnostics"/>.</summary>
    public static YamlMappingNode? Parse(string text, string file, int lineOffset, DiagnosticBag diagnostics)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                return new YamlMappingNode();
            }

            if (stream.Documents[0].RootNode is YamlMappingNode mapping)
            {
                return mapping;
            }

            diagnostics.Error(file, Line(stream.Documents[0].RootNode) + lineOffset, "",
                "The file must be a YAML mapping of keys to values (key: value).");
            return null;
        }
        catch (YamlException ex)
        {
            // A tab in the indentation is the most common cause, and the parser often reports it lines away from the tab.
            if (TabIndentedLine(text) is { } tab)
            {
                diagnostics.SyntaxError(file, tab + lineOffset,
                    "invalid YAML: this line is indented with a tab; YAML indents with spaces only, so replace the tab with spaces.");
                return null;
            }

            var reason = (ex.InnerException?.Message ?? ex.Message).Split('\n')[0].TrimEnd('.');
            diagnostics.SyntaxError(file, (int)ex.Start.Line + lineOffset,
                $"invalid YAML at column {ex.Start.Column}: {reason}. Check the indentation of this line: the keys of one mapping start in the same column.");
            return null;
        }
    }

    /// <summary>The 1-based number of the first line whose indentation holds a tab, if any.</summary>
    private static int? TabIndentedLine(string text)
    {
        var number = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            var indentation = line[..(line.IndexOfAnyExcept(" \t") is var end and >= 0 ? end : line.Length)];
            if (indentation.Contains('\t'))
            {
                return number;
            }
        }

        return null;
    }

    public static int Line(YamlNode node) => (int)node.Start.Line;
}
