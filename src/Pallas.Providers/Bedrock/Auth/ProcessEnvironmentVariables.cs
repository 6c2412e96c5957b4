namespace Pallas.Providers.Bedrock.Auth;

/// <summary>The real process environment.</summary>
internal sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    /// <summary>The shared instance.</summary>
    public static ProcessEnvironmentVariables Instance { get; } = new();

    /// <inheritdoc />
    public string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
