namespace Pallas.Configuration.Models;

/// <summary>The first dot-separated segment of a model string, or one of the bare offline model names.</summary>
public enum ModelProvider
{
    /// <summary>AWS Bedrock Runtime, Converse API (path 1).</summary>
    Bedrock,

    /// <summary>Anthropic Messages API: api.anthropic.com or Bedrock Mantle (path 2).</summary>
    Anthropic,

    /// <summary>OpenAI Chat Completions: api.openai.com or Bedrock Mantle (path 3).</summary>
    OpenAI,

    /// <summary>Any OpenAI-compatible server without a required key (Ollama, vLLM, llama.cpp).</summary>
    Generic,

    /// <summary>Offline: replies with the trailing user text; honours <c>***FIXED_RESPONSE</c> and <c>***CALL_TOOL</c>.</summary>
    Passthrough,

    /// <summary>Offline: replays the assistant turns of the history it is first given.</summary>
    Playback,

    /// <summary>Offline: passthrough that reports no usage.</summary>
    Silent,

    /// <summary>Offline: passthrough that waits before answering.</summary>
    Slow,
}
