namespace Pallas.Emulators.Bedrock;

/// <summary>The credentials and region <see cref="BedrockEmulator"/> accepts.</summary>
public sealed record BedrockEmulatorOptions
{
    /// <summary>The Bedrock API key accepted as <c>Authorization: Bearer</c>.</summary>
    public string BearerToken { get; init; } = "ABSK-emulator-key";

    /// <summary>Access key id → (secret, session token or null) accepted for SigV4.</summary>
    public IReadOnlyDictionary<string, (string Secret, string? SessionToken)> Keys { get; init; } =
        new Dictionary<string, (string, string?)> { ["AKIDEMULATOR"] = ("emulator/secret+key", null) };

    /// <summary>The region SigV4 signatures must be scoped to.</summary>
    public string Region { get; init; } = "us-east-1";
}
