using Pallas.Configuration.Models;

namespace Pallas.Configuration.Settings;

/// <summary><c>fastagent.config.yaml</c> with <c>fastagent.secrets.yaml</c> merged over it, after <c>${VAR}</c> substitution.</summary>
public sealed record PallasSettings
{
    /// <summary>The model of agents that name none (<c>default_model</c>).</summary>
    public ModelSpec? DefaultModel { get; init; }

    /// <summary>Top-level <c>model_capabilities</c>: applies to every agent without its own block.</summary>
    public ModelCapabilitiesOverride? ModelCapabilities { get; init; }

    /// <summary>The <c>anthropic</c> section.</summary>
    public AnthropicSettings Anthropic { get; init; } = new();

    /// <summary>The <c>openai</c> section.</summary>
    public OpenAISettings OpenAI { get; init; } = new();

    /// <summary>The <c>generic</c> section.</summary>
    public GenericSettings Generic { get; init; } = new();

    /// <summary>The <c>bedrock</c> section.</summary>
    public BedrockSettings Bedrock { get; init; } = new();

    /// <summary>Downstream MCP servers by name (<c>mcp.servers</c>).</summary>
    public IReadOnlyDictionary<string, McpServerSettings> McpServers { get; init; } = new Dictionary<string, McpServerSettings>();

    /// <summary>The <c>logger.level</c> value, if set and valid, as a <see cref="LogLevelName"/> (<c>Information</c>, <c>Debug</c>, …).</summary>
    public string? LogLevel { get; init; }
}
