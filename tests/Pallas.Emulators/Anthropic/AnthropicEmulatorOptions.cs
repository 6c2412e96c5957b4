namespace Pallas.Emulators.Anthropic;

/// <summary>How an <see cref="AnthropicEmulator"/> behaves.</summary>
public sealed record AnthropicEmulatorOptions
{
    /// <summary>Models Mantle serves on its Anthropic endpoint (Claude Sonnet 4.6 is not one of them).</summary>
    public static readonly IReadOnlyList<string> MantleModels = ["anthropic.claude-haiku-4-5", "anthropic.claude-opus-4-7"];

    /// <summary>Models the emulated api.anthropic.com serves.</summary>
    public static readonly IReadOnlyList<string> DirectModels = ["claude-haiku-4-5", "claude-haiku-4-5-20251001", "claude-sonnet-4-6", "claude-opus-4-7"];

    /// <summary>The only key accepted (as <c>x-api-key</c> or a bearer token).</summary>
    public string ApiKey { get; init; } = "test-key";

    /// <summary>Behave like Bedrock Mantle: <c>/anthropic/v1/messages</c>, prefixed ids, and Mantle's rejections.</summary>
    public bool Mantle { get; init; }

    /// <summary>The served model ids; <see langword="null"/> means <see cref="MantleModels"/> or <see cref="DirectModels"/>.</summary>
    public IReadOnlyList<string>? Models { get; init; }
}
