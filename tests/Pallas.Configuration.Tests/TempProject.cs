using Pallas.Configuration.Project;

namespace Pallas.Configuration.Tests;

/// <summary>A project directory under the temp folder, deleted on dispose.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), "pallas-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Variables visible to the loader; the process environment is never consulted.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public TempProject With(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public ProjectLoadResult Load() =>
        ProjectLoader.Load(Directory, new ProjectLoadOptions { Environment = name => Environment.GetValueOrDefault(name) });

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
