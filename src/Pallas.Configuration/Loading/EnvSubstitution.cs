using System.Text.RegularExpressions;

namespace Pallas.Configuration.Loading;

/// <summary>
/// fast-agent's <c>${VAR}</c> / <c>${VAR:default}</c> substitution: split on the first <c>:</c>; a set-but-empty
/// variable gives "", not the default; an unset variable without a default stays literal so that it can be reported.
/// </summary>
internal static partial class EnvSubstitution
{
    public static string Substitute(string value, Func<string, string?> lookup, List<string> unresolved)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        return Placeholder().Replace(value, match =>
        {
            var body = match.Groups[1].Value;
            var colon = body.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? body : body[..colon];
            if (lookup(name) is { } set)
            {
                return set;
            }

            if (colon >= 0)
            {
                return body[(colon + 1)..];
            }

            unresolved.Add(name);
            return match.Value;
        });
    }

    /// <summary>Names of the <c>${VAR}</c> placeholders still present in <paramref name="value"/>.</summary>
    public static IEnumerable<string> FindUnresolved(string value) =>
        Placeholder().Matches(value).Select(m => m.Groups[1].Value.Split(':')[0]);

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Placeholder();
}
