using Pallas.Providers.Bedrock.Auth;

namespace Pallas.Providers.Tests.Bedrock;

/// <summary>An environment made of a dictionary, so tests do not touch the process environment.</summary>
internal sealed class DictionaryEnvironment(Dictionary<string, string> values) : IEnvironmentVariables
{
    public DictionaryEnvironment()
        : this([])
    {
    }

    public Dictionary<string, string> Values { get; } = values;

    public string? Get(string name) => Values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
