namespace Pallas.Emulators.OpenAI;

/// <summary>How an <see cref="OpenAIEmulator"/> behaves.</summary>
public sealed record OpenAIEmulatorOptions
{
    /// <summary>The only key accepted as a bearer token; <see langword="null"/> accepts any request (like Ollama).</summary>
    public string? ApiKey { get; init; } = "test-key";

    /// <summary>The path the API is served under (Mantle and most servers use <c>/v1</c>).</summary>
    public string PathPrefix { get; init; } = "/v1";

    /// <summary>The served model ids.</summary>
    public IReadOnlyList<string> Models { get; init; } = ["minimax.minimax-m2.5", "openai.gpt-oss-120b"];
}
