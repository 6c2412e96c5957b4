using Pallas.Configuration.Project;

namespace Pallas.Configuration.Loading;

/// <summary>
/// Reads the project's <c>.env</c> (DotNetEnv) and returns the variable lookup used for substitution: variables
/// already set in the environment win over <c>.env</c>.
/// </summary>
internal static class DotEnvFile
{
    public const string FileName = ".env";

    public static Func<string, string?> Load(string root, ProjectLoadOptions options, DiagnosticBag diagnostics)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            return options.Environment;
        }

        Dictionary<string, string> values;
        try
        {
            values = DotNetEnv.Env.NoEnvVars().Load(path)
                .GroupBy(pair => pair.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Last().Value, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            diagnostics.Error(FileName, 0, "", $"cannot be read: {ex.Message.Split('\n')[0]}. Write one KEY=value per line.");
            return options.Environment;
        }

        if (options.ExportDotEnv)
        {
            foreach (var (key, value) in values)
            {
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(key)))
                {
                    Environment.SetEnvironmentVariable(key, value);
                }
            }
        }

        var environment = options.Environment;
        return name => environment(name) ?? values.GetValueOrDefault(name);
    }
}
