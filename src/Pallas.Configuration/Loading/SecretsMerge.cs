using YamlDotNet.RepresentationModel;

namespace Pallas.Configuration.Loading;

/// <summary>fast-agent's deep merge: mappings merge recursively and secrets win; lists and scalars are replaced.</summary>
internal static class SecretsMerge
{
    public static YamlMappingNode Merge(YamlMappingNode config, YamlMappingNode secrets)
    {
        var merged = new YamlMappingNode();
        foreach (var (key, value) in config.Children)
        {
            var overriding = Find(secrets, key);
            merged.Add(key, (value, overriding) switch
            {
                (_, null) => value,
                (YamlMappingNode a, YamlMappingNode b) => Merge(a, b),
                _ => overriding,
            });
        }

        foreach (var (key, value) in secrets.Children)
        {
            if (Find(config, key) is null)
            {
                merged.Add(key, value);
            }
        }

        return merged;
    }

    private static YamlNode? Find(YamlMappingNode mapping, YamlNode key) =>
        key is YamlScalarNode { Value: { } name }
            ? mapping.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: { } other } && other == name).Value
            : null;
}
