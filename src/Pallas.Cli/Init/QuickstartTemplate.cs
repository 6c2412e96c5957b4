namespace Pallas.Cli.Init;

/// <summary>
/// The project <c>pallas init</c> writes: three agents on the offline passthrough model, so it runs with no network
/// and no keys. examples/quickstart is this template, written out (a test keeps them identical).
/// </summary>
internal static class QuickstartTemplate
{
    public static IReadOnlyDictionary<string, string> Files { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["agents.yaml"] = """
            # Deployment topology: one MCP server per agent, plus a registry. Reference: docs/configuration.md
            name: quickstart
            version: "0.1.0"
            host: localhost            # host used in the URLs the registry publishes
            registry_port: 8200        # GET /.well-known/mcp/server.json, /healthz, /metrics
            # bind: 127.0.0.1          # listen address; 0.0.0.0 to expose on the network
            agents:
              research:
                module: agents.research
                port: 8201
                title: Research
                description: "Answers research questions (offline demo: echoes the question)"
              jarvis:
                module: agents.jarvis
                port: 8202
                title: Jarvis
                description: "General assistant"
                depends_on: [research]   # research starts first; jarvis is degraded until it answers
              scribe:
                module: agents.scribe
                port: 8203
                description: "Writes short notes"
                max_iterations: 5
                turn_timeout: 60
            """,
        ["fastagent.config.yaml"] = """
            # Models, providers and downstream MCP servers (fast-agent's format). Reference: docs/configuration.md
            # The offline passthrough model replies with your message: no network, no keys.
            default_model: passthrough

            # To use AWS Bedrock, pick one of the three paths (docs/bedrock.md):
            # default_model: bedrock.us.anthropic.claude-sonnet-4-6   # Converse API, AWS credential chain
            # bedrock:
            #   region: us-east-1
            #
            # default_model: anthropic.claude-opus-4-7                # Mantle, Anthropic Messages API
            # anthropic:
            #   base_url: "https://bedrock-mantle.us-east-1.api.aws/anthropic"
            #
            # default_model: openai.minimax.minimax-m2.5              # Mantle, OpenAI Chat Completions
            # openai:
            #   base_url: "https://bedrock-mantle.us-east-1.api.aws/v1"

            # Downstream MCP servers the agents may call (list them under `servers:` in a card):
            # mcp:
            #   servers:
            #     everything:
            #       command: npx
            #       args: ["-y", "@modelcontextprotocol/server-everything"]
            """,
        ["fastagent.secrets.yaml.example"] = """
            # Copy to fastagent.secrets.yaml (kept out of git) and fill in. Values may use ${VAR} from .env.
            # anthropic:
            #   api_key: "${BEDROCK_API_KEY}"
            # openai:
            #   api_key: "${BEDROCK_API_KEY}"
            """,
        [".gitignore"] = """
            fastagent.secrets.yaml
            .env
            """,
        ["agents/research.md"] = """
            ---
            description: Answers research questions.
            ---
            You are a careful research assistant. Today is {{currentDate}}. Answer briefly and say what you are unsure of.
            """,
        ["agents/jarvis.md"] = """
            ---
            description: A general assistant.
            request_params:
              temperature: 0.3
            ---
            You are {{agentName}}, a helpful assistant. Use your tools when they help; otherwise answer directly.
            """,
        ["agents/scribe.yaml"] = """
            description: Writes short notes.
            instruction: |
              You write short, clear notes from what you are given.
            request_params:
              max_tokens: 1024
            """,
    };

    private const string TemplateName = "name: quickstart";

    /// <summary>
    /// Writes the template into <paramref name="directory"/>, the project named after it (registry names derive from
    /// it); existing files are never overwritten.
    /// </summary>
    public static void WriteTo(string directory)
    {
        foreach (var (relative, template) in Files)
        {
            var content = template.Replace(TemplateName, $"name: {ProjectName(directory)}", StringComparison.Ordinal);
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = new FileStream(path, FileMode.CreateNew);
            using var writer = new StreamWriter(stream);
            writer.Write(content.ReplaceLineEndings("\n") + "\n");
        }
    }

    /// <summary>The directory's name reduced to what agents.yaml accepts for <c>name</c> (letters, digits, '.', '_', '-').</summary>
    internal static string ProjectName(string directory)
    {
        var name = new string([.. Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)))
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]).Trim('-', '.');
        return name.Length > 0 ? name : "quickstart";
    }
}
