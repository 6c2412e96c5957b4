using YamlDotNet.RepresentationModel;

namespace Pallas.Configuration.Loading;

/// <summary>
/// Remembers which file each node of a merged tree came from (secrets merged over config keep their own file), and
/// applies <c>${VAR}</c> substitution to values of files that allow it.
/// </summary>
internal sealed class YamlSources
{
    private static readonly string[] SecretKeyWords = ["api_key", "key", "token", "secret", "password", "authorization"];

    private readonly Dictionary<YamlNode, string> _files = new(ReferenceEqualityComparer.Instance);
    private readonly Func<string, string?>? _environment;

    /// <param name="environment">Variable lookup for substitution; <see langword="null"/> disables substitution (agents.yaml, cards).</param>
    public YamlSources(Func<string, string?>? environment) => _environment = environment;

    public void Register(YamlNode root, string file)
    {
        foreach (var node in root.AllNodes)
        {
            _files[node] = file;
        }
    }

    public string FileOf(YamlNode node, string fallback) => _files.GetValueOrDefault(node, fallback);

    public string Substitute(string value, YamlLocation at, DiagnosticBag diagnostics)
    {
        if (_environment is null)
        {
            return value;
        }

        var unresolved = new List<string>();
        var result = EnvSubstitution.Substitute(value, _environment, unresolved);
        foreach (var name in unresolved.Distinct())
        {
            if (IsSecretKey(at.Key))
            {
                // A default would put a key in the config file, which is what ${VAR} avoids: only the variable is advice.
                diagnostics.Error(at, $"${{{name}}} is not set, so this key would be sent as the literal text '${{{name}}}'; set {name} in .env or the environment.");
            }
            else
            {
                diagnostics.Warning(at, $"${{{name}}} is not set and stays literal; set {name} in .env or the environment, or write ${{{name}:default}}.");
            }
        }

        return result;
    }

    private static bool IsSecretKey(string dottedKey)
    {
        var last = dottedKey[(dottedKey.LastIndexOf('.') + 1)..];
        return SecretKeyWords.Any(word => last.Equals(word, StringComparison.OrdinalIgnoreCase))
            || dottedKey.Contains(".headers.", StringComparison.OrdinalIgnoreCase);
    }
}
