using Pallas.Configuration.Diagnostics;

namespace Pallas.Configuration.Loading;

/// <summary>Collects every problem of one load, so that all of them are reported together.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<ConfigDiagnostic> _items = [];

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == ConfigSeverity.Error);

    public void Error(string file, int line, string key, string message) =>
        Add(new ConfigDiagnostic(ConfigSeverity.Error, file, line, key, message));

    public void Warning(string file, int line, string key, string message) =>
        Add(new ConfigDiagnostic(ConfigSeverity.Warning, file, line, key, message));

    // A problem shared by several agents (e.g. an unknown default_model) is reported once.
    private void Add(ConfigDiagnostic diagnostic)
    {
        if (!_items.Contains(diagnostic))
        {
            _items.Add(diagnostic);
        }
    }

    public void Error(YamlLocation at, string message) => Error(at.File, at.Line, at.Key, message);

    public void Warning(YamlLocation at, string message) => Warning(at.File, at.Line, at.Key, message);
}
