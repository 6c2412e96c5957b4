namespace Pallas.Configuration.Tests.Project;

/// <summary>
/// The YAML and .env snippets of shared/seed/bedrock-integration.txt, word for word; only the indentation, which the
/// flattened page lost, is restored.
/// </summary>
internal static class SeedSnippets
{
    public const string Path1Config = """
        default_model: bedrock.us.anthropic.claude-sonnet-4-6
        # ── Model Capabilities ──────────────────────────────────────────────────────
        # Required: Bedrock model IDs are not in fast-agent's ModelDatabase.
        model_capabilities:
          vision: true # true for Claude models (image input supported)
          context_window: 1000000 # 1M for Sonnet 4.6
          max_output_tokens: 64000
        # ── Bedrock provider ─────────────────────────────────────────────────────────
        bedrock:
          region: us-east-1 # or set AWS_REGION / AWS_DEFAULT_REGION
          profile: default # optional; or set AWS_PROFILE
          reasoning: medium # optional: minimal | low | medium | high
        """;

    public const string Path1Secrets = """
        # fastagent.secrets.yaml — nothing required for Bedrock credentials
        # AWS credentials are read from environment variables or ~/.aws/credentials
        """;

    public const string Path1Env = """
        # Long-term Bedrock API key (recommended for server deployments)
        AWS_BEARER_TOKEN_BEDROCK=your-bedrock-api-key
        # Or use IAM access keys
        # AWS_ACCESS_KEY_ID=AKIA...
        # AWS_SECRET_ACCESS_KEY=...
        AWS_REGION=us-east-1
        """;

    public const string Path2Config = """
        default_model: anthropic.claude-opus-4-7
        # ── Anthropic provider pointing at Mantle ────────────────────────────────────
        anthropic:
          base_url: "https://bedrock-mantle.us-east-1.api.aws/anthropic"
        """;

    public const string Path2Secrets = """
        anthropic:
          api_key: "${BEDROCK_API_KEY}"
        """;

    public const string MantleEnv = """
        BEDROCK_API_KEY=your-bedrock-long-term-api-key
        """;

    public const string Path3Config = """
        default_model: openai.minimax.minimax-m2.5
        # ── Model Capabilities ──────────────────────────────────────────────────────
        model_capabilities:
          vision: false
          context_window: 196000
          max_output_tokens: 8000
        # ── OpenAI provider pointing at Mantle ───────────────────────────────────────
        openai:
          base_url: "https://bedrock-mantle.us-east-1.api.aws/v1"
        """;

    public const string Path3Secrets = """
        openai:
          api_key: "${BEDROCK_API_KEY}"
        """;

    public const string AgentsYaml = """
        name: my-project
        version: "1.0.0"
        host: my-host.example.com
        registry_port: 8200
        agents:
          jarvis:
            module: agents.jarvis
            port: 8201
            title: Jarvis
            description: "My assistant"
        """;

    public const string AgentsYamlWithModelOverride = """
        name: my-project
        version: "1.0.0"
        host: my-host.example.com
        registry_port: 8200
        agents:
          jarvis:
            module: agents.jarvis
            port: 8201
            model: bedrock.us.anthropic.claude-haiku-4-5-20251001-v1:0
            model_capabilities:
              vision: true
              context_window: 200000
              max_output_tokens: 64000
        """;

    public const string JarvisCard = """
        ---
        description: My assistant
        ---
        You are Jarvis.
        """;
}
