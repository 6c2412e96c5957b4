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
            var reason = (ex.InnerException?.Message ?? ex.Message).Split('\n')[0];
            diagnostics.Error(file, (int)ex.Start.Line + lineOffset, "", $"Invalid YAML: {reason}");
            return null;
        }
    }

    public static int Line(YamlNode node) => (int)node.Start.Line;
}
