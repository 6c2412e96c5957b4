namespace Pallas.Providers.Bedrock.Auth;

/// <summary>Reads environment variables at call time; injectable so tests need not change the process environment.</summary>
internal interface IEnvironmentVariables
{
    /// <summary>The value, or null when unset or empty.</summary>
    string? Get(string name);
}
