namespace Pallas.Configuration.Loading;

/// <summary>Where a value was written: file (relative to the project), 1-based line, dotted key path.</summary>
internal readonly record struct YamlLocation(string File, int Line, string Key)
{
    public YamlLocation Child(string key, int line) => new(File, line, Key.Length == 0 ? key : $"{Key}.{key}");
}
