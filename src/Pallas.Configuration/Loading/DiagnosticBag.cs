using Pallas.Configuration.Diagnostics;
using Pallas.Configuration.Models;

namespace Pallas.Configuration.Loading;

/// <summary>Collects every problem of one load, so that all of them are reported together.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<ConfigDiagnostic> _items = [];

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == ConfigSeverity.Error);

    /// <summary>Whether a file could not be parsed: what other files would then report are consequences, not news.</summary>
    public bool HasSyntaxError { get; private set; }

    /// <summary>A file that is not valid YAML; reported alone for that file.</summary>
    public void SyntaxError(string file, int line, string message)
    {
        HasSyntaxError = true;
        Error(file, line, "", message);
    }

    public void Error(string file, int line, string key, string message) =>
        Add(new ConfigDiagnostic(ConfigSeverity.Error, file, line, key, message));

    public void Warning(string file, int line, string key, string message) =>
        Add(new ConfigDiagnostic(ConfigSeverity.Warning, file, line, key, message));

    // A problem shared by several agents (e.g. an unknown default_model) is reported once, and the block of valid
    // model forms, which explains every model error alike, only with the first of them.
    private void Add(ConfigDiagnostic diagnostic)
    {
        const string Forms = "\n" + ModelSpec.ValidForms;
        if (diagnostic.Message.Contains(Forms, StringComparison.Ordinal) && _items.Exists(item => item.Message.Contains(Forms, StringComparison.Ordinal)))
        {
            diagnostic = diagnostic with { Message = diagnostic.Message.Replace(Forms, "", StringComparison.Ordinal) };
        }

        if (!_items.Contains(diagnostic))
        {
            _items.Add(diagnostic);
        }
    }

    public void Error(YamlLocation at, string message) => Error(at.File, at.Line, at.Key, message);

    public void Warning(YamlLocation at, string message) => Warning(at.File, at.Line, at.Key, message);
}
