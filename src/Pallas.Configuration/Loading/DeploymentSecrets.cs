using Pallas.Configuration.Diagnostics;

namespace Pallas.Configuration.Loading;

/// <summary>
/// <c>${VAR}</c> in the few agents.yaml values that carry secrets (<c>tasks.redis_url</c>, <c>auth.api_keys</c>): the
/// rest of agents.yaml is not substituted, but a password or key does not belong in a file kept in git.
/// </summary>
internal static class DeploymentSecrets
{
    /// <summary>The value with its variables substituted, or <see langword="null"/> (an error recorded) when one is unset.</summary>
    /// <param name="example">A sample value for the advice, e.g. <c>redis://localhost:6379/0</c>.</param>
    public static string? Substitute(string written, YamlLocation at, Func<string, string?> environment, DiagnosticBag diagnostics, string example)
    {
        var unresolved = new List<string>();
        var text = EnvSubstitution.Substitute(written, environment, unresolved);
        if (unresolved.Count == 0)
        {
            return text;
        }

        diagnostics.Error(at, $"${{{unresolved[0]}}} is not set; set {unresolved[0]} in .env or the environment, e.g. {unresolved[0]}={example}.");
        return null;
    }
}
