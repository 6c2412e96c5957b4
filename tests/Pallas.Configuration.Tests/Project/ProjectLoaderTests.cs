using Pallas.Configuration.Diagnostics;
using Pallas.Configuration.Models;

namespace Pallas.Configuration.Tests.Project;

public sealed class ProjectLoaderTests
{
    /// <summary>The smallest valid agents.yaml: one agent, jarvis, on port 8201.</summary>
    internal const string OneAgent = """
        name: demo
        version: "1.0.0"
        host: localhost
        registry_port: 8200
        agents:
          jarvis:
            module: agents.jarvis
            port: 8201
        """;

    private static TempProject Minimal(string config = "default_model: passthrough\n") =>
        new TempProject().With("agents.yaml", OneAgent).With("fastagent.config.yaml", config).With("agents/jarvis.md", "You are Jarvis.");

    [Theory]
    [InlineData("bedrock.anthropic.claude-sonnet-4-6")]
    [InlineData("bedrock.us.anthropic.claude-sonnet-4-6")]
    public void Load_SonnetWithoutCapabilitiesBlock_UsesTheDatabase(string model)
    {
        using var project = Minimal($"default_model: {model}\n");

        var agent = project.Load().GetProjectOrThrow().Agents[0];

        Assert.Equal(new ModelCapabilities(Vision: true, ContextWindow: 1_000_000, MaxOutputTokens: 64_000), agent.Capabilities);
    }

    [Fact]
    public void Load_UnknownModel_FailsWithTheYamlBlockToAdd()
    {
        using var project = Minimal("default_model: bedrock.amazon.nova-lite-v1:0\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal("fastagent.config.yaml", error.File);
        Assert.Equal(1, error.Line);
        Assert.Contains("model_capabilities:\n    vision:", error.Message.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("context_window:", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_output_tokens:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PartialAgentCapabilities_FallThroughToTopLevelThenDatabase()
    {
        using var project = new TempProject()
            .With("agents.yaml", OneAgent.Replace("port: 8201", "port: 8201\n    model_capabilities: {vision: false}", StringComparison.Ordinal))
            .With("fastagent.config.yaml", "default_model: anthropic.claude-opus-4-7\nanthropic: {api_key: sk-test}\nmodel_capabilities:\n  context_window: 500000\n")
            .With("agents/jarvis.md", "hi");

        var agent = project.Load().GetProjectOrThrow().Agents[0];

        Assert.Equal(new ModelCapabilities(Vision: false, ContextWindow: 500_000, MaxOutputTokens: 128_000), agent.Capabilities);
    }

    [Fact]
    public void Load_BrokenProject_ReportsEveryMistakeWithFileAndLine()
    {
        using var project = new TempProject()
            .With("agents.yaml", """
                name: broken
                version: 1.0
                host: localhost
                registry_port: 8200
                agents:
                  jarvis:
                    module: agents.jarvis
                    port: 8200
                    depends_on: [ghost, research]
                  research:
                    module: agents.research
                    port: 70000
                    depends_on: [jarvis]
                  writer:
                    module: agents.nowhere
                    port: 8203
                    model: claude-sonnet
                """)
            .With("fastagent.config.yaml", """
                default_model: bedrock.us.anthropic.claude-mystery-9
                anthropic:
                  api_key: ${NOT_SET_ANYWHERE}
                """)
            .With("agents/jarvis.md", "---\nservers: [everything]\n---\nhi\n")
            .With("agents/research.md", "hi");

        var errors = project.Load().Errors.ToList();

        Assert.Contains(errors, e => e is { File: "agents.yaml", Line: 2, Key: "version" });
        Assert.Contains(errors, e => e is { File: "agents.yaml", Line: 8, Key: "agents.jarvis.port" } && e.Message.Contains("registry_port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { File: "agents.yaml", Line: 9 } && e.Message.Contains("'ghost'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("jarvis -> research -> jarvis", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { File: "agents.yaml", Line: 12, Key: "agents.research.port" });
        Assert.Contains(errors, e => e is { File: "agents.yaml", Line: 15, Key: "agents.writer.module" });
        Assert.Contains(errors, e => e is { File: "agents.yaml", Line: 17, Key: "agents.writer.model" } && e.Message.Contains("provider.model-id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { File: "agents/jarvis.md", Line: 2, Key: "servers" });
        Assert.Contains(errors, e => e is { File: "fastagent.config.yaml", Line: 1, Key: "default_model" });
        // A key is never advised to have a default written into the file.
        Assert.Contains(errors, e => e is { File: "fastagent.config.yaml", Line: 3, Key: "anthropic.api_key" }
            && e.Message.EndsWith("would be sent as the literal text '${NOT_SET_ANYWHERE}'; set NOT_SET_ANYWHERE in .env or the environment.", StringComparison.Ordinal));
        Assert.True(errors.Count >= 10);
    }

    [Fact]
    public void Load_MissingRequiredKeys_AreEachReported()
    {
        using var project = new TempProject().With("agents.yaml", "agents:\n  a:\n    module: agents.a\n").With("agents/a.md", "x");

        var keys = project.Load().Errors.Select(e => e.Key).ToList();

        Assert.Contains("name", keys);
        Assert.Contains("version", keys);
        Assert.Contains("host", keys);
        Assert.Contains("registry_port", keys);
        Assert.Contains("agents.a.port", keys);
    }

    [Theory]
    [InlineData("agents:\n  jarvis:\n", 2, "agents.jarvis")]
    [InlineData("agents:\n", 1, "agents")]
    public void Load_EmptyMapping_IsAnErrorAtItsKey(string agents, int line, string key)
    {
        using var project = new TempProject()
            .With("agents.yaml", "name: demo\nversion: \"1.0.0\"\nhost: localhost\nregistry_port: 8200\n" + agents)
            .With("fastagent.config.yaml", "default_model: passthrough\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents.yaml", line + 4, key), (error.File, error.Line, error.Key));
        Assert.Equal("is empty; it needs a mapping of keys to values under it.", error.Message);
    }

    [Fact]
    public void Load_BindThatIsNotAnAddress_IsAnErrorAtBind()
    {
        using var project = new TempProject()
            .With("agents.yaml", OneAgent + "\nbind: all-interfaces\n")
            .With("fastagent.config.yaml", "default_model: passthrough\n")
            .With("agents/jarvis.md", "hi");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents.yaml", 9, "bind"), (error.File, error.Line, error.Key));
        Assert.Equal("'all-interfaces' is not an IP address; use 127.0.0.1 (local only), 0.0.0.0 or :: (all interfaces), or localhost.", error.Message);
    }

    [Fact]
    public void Load_UnknownKeys_AreWarningsNotErrors()
    {
        using var project = Minimal("default_model: passthrough\ncolour: blue\notel:\n  enabled: false\n");

        var result = project.Load();

        Assert.NotNull(result.Project);
        Assert.Contains(result.Warnings, w => w.Key == "colour");
        Assert.Contains(result.Warnings, w => w.Key == "otel" && w.Message.Contains("fast-agent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("warn", "Warning", false)]
    [InlineData("DEBUG", "Debug", false)]
    [InlineData("verbose", null, true)]
    public void Load_LoggerLevel_IsNormalized_OrAWarningNamingTheLine(string level, string? expected, bool warned)
    {
        using var project = Minimal($"default_model: passthrough\nlogger:\n  level: {level}\n");

        var result = project.Load();

        Assert.Equal(expected, result.Project!.Settings.LogLevel);
        var warnings = result.Warnings.Where(w => w.Message.StartsWith("logger.level", StringComparison.Ordinal)).ToList();
        Assert.Equal(warned ? 1 : 0, warnings.Count);
        if (warned)
        {
            Assert.Equal(3, warnings[0].Line);
            Assert.Equal("logger.level 'verbose' is not a log level, so info is used; write trace, debug, info, warning, error, critical or none.", warnings[0].Message);
        }
    }

    [Theory]
    [InlineData("pallas.example.com", null, true)]
    [InlineData("10.0.0.5", "127.0.0.1", true)]
    [InlineData("pallas.example.com", "0.0.0.0", false)]
    [InlineData("127.0.0.1", null, false)]
    [InlineData("localhost", "::1", false)]
    public void Load_HostOthersUseWhileBindIsLoopback_IsAWarningAtHost(string host, string? bind, bool warned)
    {
        var agents = OneAgent.Replace("host: localhost", $"host: {host}" + (bind is null ? "" : $"\nbind: \"{bind}\""), StringComparison.Ordinal);
        using var project = new TempProject().With("agents.yaml", agents).With("fastagent.config.yaml", "default_model: passthrough\n").With("agents/jarvis.md", "You are Jarvis.");

        var warnings = project.Load().Warnings.Where(w => w.Key == "host").ToList();

        Assert.Equal(warned ? 1 : 0, warnings.Count);
        if (warned)
        {
            Assert.Equal(3, warnings[0].Line);
            Assert.Equal($"'{host}' is published in the agents' URLs, but bind {bind ?? "127.0.0.1"} accepts connections from this machine only; set bind: 0.0.0.0 (or this machine's address) so other machines can reach it, or host: localhost.", warnings[0].Message);
        }
    }

    [Fact]
    public void Load_MissingRegistryPort_DoesNotHideAMissingCardOrAnUnknownModel()
    {
        using var project = new TempProject()
            .With("agents.yaml", """
                # a comment first
                name: demo
                version: "1.0.0"
                host: localhost
                agents:
                  jarvis: {module: agents.nosuch, port: 8201}
                  friday: {module: agents.friday, port: 8202, model: anthropic.claude-nonsense-1}
                """)
            .With("fastagent.config.yaml", "default_model: passthrough\n")
            .With("agents/friday.md", "You are Friday.");

        var errors = project.Load().Errors.ToList();

        Assert.Contains(errors, e => e is { File: "agents.yaml", Line: 2, Key: "registry_port", Message: "is required but missing." });
        Assert.Contains(errors, e => e is { Line: 6, Key: "agents.jarvis.module" } && e.Message.Contains("pallas init` into an empty directory", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 7, Key: "agents.friday.model" });
    }

    [Fact]
    public void Load_ModelIdCloseToAKnownOne_SuggestsIt()
    {
        using var project = Minimal("default_model: anthropic.claude-opus-4.7\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("fastagent.config.yaml", 1, "default_model"), (error.File, error.Line, error.Key));
        Assert.Equal("model 'anthropic.claude-opus-4.7' is not in the built-in database (see `pallas models`); did you mean 'anthropic.claude-opus-4-7'?", error.Message);
    }

    [Fact]
    public void Load_TabInIndentation_IsNamedAtItsLineAlone()
    {
        using var project = new TempProject()
            .With("agents.yaml", "name: demo\nversion: \"1.0.0\"\nhost: localhost\nregistry_port: 8200\nagents:\n  jarvis:\n\tmodule: agents.jarvis\n    port: 8201\n")
            .With("fastagent.config.yaml", "default_model: passthrough\n");

        var error = Assert.Single(project.Load().Diagnostics);

        Assert.Equal(("agents.yaml", 7), (error.File, error.Line));
        Assert.Equal("invalid YAML: this line is indented with a tab; YAML indents with spaces only, so replace the tab with spaces.", error.Message);
    }

    [Fact]
    public void Load_ConfigSyntaxError_IsReportedWithColumnAndHint_AndNotTheErrorsItWouldCauseElsewhere()
    {
        using var project = Minimal("default_model: passthrough\nmcp:\n  servers:\n    x:\n      command: sh\n     args: [1]\n");

        var error = Assert.Single(project.Load().Diagnostics);

        Assert.Equal(("fastagent.config.yaml", 6), (error.File, error.Line));
        Assert.StartsWith("invalid YAML at column 6: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Check the indentation of this line: the keys of one mapping start in the same column.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralAgentsWithoutAModel_PrintTheModelFormsOnce()
    {
        using var project = new TempProject()
            .With("agents.yaml", """
                name: demo
                version: "1.0.0"
                host: localhost
                registry_port: 8200
                agents:
                  a: {module: agents.x, port: 8201}
                  b: {module: agents.x, port: 8202}
                """)
            .With("fastagent.config.yaml", "mcp: {}\n")
            .With("agents/x.md", "x");

        var errors = project.Load().Errors;

        Assert.Equal(2, errors.Count(e => e.Message.Contains("has no model", StringComparison.Ordinal)));
        Assert.Single(errors, e => e.Message.Contains(ModelSpec.ValidForms, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("anthropic:\n  base_url: https://bedrock-mantle.us-east-1.api.aws/anthropic\n", true)]
    [InlineData("anthropic:\n  base_url: https://proxy.internal/anthropic\n  mantle: true\n", true)]
    [InlineData("anthropic:\n  base_url: https://api.anthropic.com\n", false)]
    public void Load_SonnetOnMantle_IsAnErrorPointingToTheBedrockProvider(string anthropic, bool refused)
    {
        using var project = Minimal($"default_model: anthropic.claude-sonnet-4-6\n{anthropic}  api_key: k\n");

        var errors = project.Load().Errors.Where(e => e.Message.StartsWith("Claude Sonnet 4.6 has no Mantle endpoint", StringComparison.Ordinal)).ToList();

        Assert.Equal(refused ? 1 : 0, errors.Count);
        if (refused)
        {
            Assert.Equal(("fastagent.config.yaml", 1, "default_model"), (errors[0].File, errors[0].Line, errors[0].Key));
            Assert.Contains("default_model: bedrock.us.anthropic.claude-sonnet-4-6", errors[0].Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("anthropic", "  base_ur: https://bedrock-mantle.us-east-1.api.aws/anthropic\n", 4, "base_ur", " ('base_ur' is not base_url)", "api.anthropic.com", "anthropic")]
    [InlineData("openai", "", 3, "api_key", "", "api.openai.com", "v1")]
    public void Load_BedrockKeyWithoutBaseUrl_IsAnErrorBeforeTheKeyGoesToThePublicApi(string section, string extra, int line, string key, string typo, string publicApi, string path)
    {
        using var project = Minimal($"default_model: passthrough\n{section}:\n  api_key: ABSKexamplekeyexamplekey\n{extra}");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal((line, $"{section}.{key}"), (error.Line, error.Key));
        Assert.Equal($"api_key is a Bedrock API key, but {section}.base_url is not set{typo}, so the key would be sent to {publicApi}; set base_url: https://bedrock-mantle.<region>.api.aws/{path}.", error.Message);
        Assert.DoesNotContain("ABSKexample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PythonModuleWithoutCard_PointsToTheMigrationSection()
    {
        using var project = new TempProject().With("agents.yaml", OneAgent).With("fastagent.config.yaml", "default_model: passthrough\n")
            .With("agents/jarvis.py", "@fast.agent(name=\"jarvis\")\nasync def main(): ...\n");

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(("agents.yaml", 7, "agents.jarvis.module"), (error.File, error.Line, error.Key));
        Assert.Equal("module 'agents.jarvis' is agents/jarvis.py, a Python (fast-agent) module; Pallas reads AgentCards. Turn its @fast.agent definition into agents/jarvis.md as docs/agents.md (\"From a Python module to a card\") shows.", error.Message);
    }

    [Fact]
    public void Load_TheMigrationSectionsCard_Loads()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "agents.md"));
        var section = docs[docs.IndexOf("## From a Python module to a card", StringComparison.Ordinal)..];
        var start = section.IndexOf("```markdown\n", StringComparison.Ordinal) + "```markdown\n".Length;
        var card = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        using var project = new TempProject().With("agents.yaml", OneAgent)
            .With("fastagent.config.yaml", "default_model: passthrough\nmcp:\n  servers:\n    fetch: {url: http://localhost:9/mcp}\n    filesystem: {url: http://localhost:9/mcp}\n")
            .With("agents/jarvis.md", card);

        var agent = project.Load().GetProjectOrThrow().Agents[0];

        Assert.Equal(["fetch", "filesystem"], agent.Card.Servers);
        Assert.Equal(2048, agent.Card.RequestParams.MaxTokens);
        Assert.Equal("bedrock.us.anthropic.claude-sonnet-4-6", agent.Model.ToString());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "docs")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("no docs/ above the test binaries");
    }

    [Fact]
    public void Load_StdioCommandNotOnPath_IsAWarningAtTheCommandLine()
    {
        using var project = Minimal("""
            default_model: passthrough
            mcp:
              servers:
                fetch:
                  command: pallas-no-such-uvx
                  args: [mcp-server-fetch]
                present:
                  command: sh
            """);

        var result = project.Load();

        Assert.NotNull(result.Project);
        var warning = Assert.Single(result.Warnings, w => w.Message.StartsWith("command not found", StringComparison.Ordinal));
        Assert.Equal((5, "mcp.servers.fetch.command"), (warning.Line, warning.Key));
        Assert.Equal("command not found: pallas-no-such-uvx (not on PATH; install it, or set mcp.servers.fetch.command to its full path); the server cannot start on this machine.", warning.Message);
    }

    [Fact]
    public void Load_AgentsInDependencyOrder()
    {
        using var project = new TempProject()
            .With("agents.yaml", """
                name: demo
                version: "1.0.0"
                host: localhost
                registry_port: 8200
                agents:
                  c: {module: agents.x, port: 8203, depends_on: [b]}
                  b: {module: agents.x, port: 8202, depends_on: [a]}
                  a: {module: agents.x, port: 8201}
                """)
            .With("fastagent.config.yaml", "default_model: passthrough")
            .With("agents/x.md", "x");

        var names = project.Load().GetProjectOrThrow().Agents.Select(a => a.Name);

        Assert.Equal(["a", "b", "c"], names);
    }

    [Fact]
    public void Load_EnvironmentWinsOverDotEnv_AndDefaultsApply()
    {
        using var project = Minimal("""
            default_model: passthrough
            openai:
              api_key: ${KEY}
              base_url: ${BASE:http://localhost:9999/v1}
            generic:
              api_key: ${EMPTY:fallback}
            """).With(".env", "KEY=from-dotenv\nEMPTY=\n");
        project.Environment["KEY"] = "from-environment";

        var settings = project.Load().GetProjectOrThrow().Settings;

        Assert.Equal("from-environment", settings.OpenAI.ApiKey);
        Assert.Equal(new Uri("http://localhost:9999/v1"), settings.OpenAI.BaseUrl);
        Assert.Equal("", settings.Generic.ApiKey);
    }

    [Fact]
    public void Load_SecretsMergeDeeplyOverConfig()
    {
        using var project = Minimal("""
            default_model: passthrough
            anthropic:
              base_url: https://example.test/anthropic
              api_key: from-config
            mcp:
              servers:
                fs: {command: npx, args: [a, b]}
            """).With("fastagent.secrets.yaml", """
            anthropic:
              api_key: from-secrets
            mcp:
              servers:
                fs: {args: [c]}
            """);

        var settings = project.Load().GetProjectOrThrow().Settings;

        Assert.Equal("from-secrets", settings.Anthropic.ApiKey);
        Assert.Equal(new Uri("https://example.test/anthropic"), settings.Anthropic.BaseUrl);
        Assert.Equal("npx", settings.McpServers["fs"].Command);
        Assert.Equal(["c"], settings.McpServers["fs"].Args);
    }

    [Fact]
    public void Load_FastAgentYamlAlias_IsAccepted_ButTwoAliasesAreAnError()
    {
        using var project = new TempProject().With("agents.yaml", OneAgent).With("agents/jarvis.md", "x").With("fast-agent.yaml", "default_model: passthrough");
        Assert.NotNull(project.Load().Project);

        project.With("fastagent.config.yaml", "default_model: passthrough");
        Assert.Contains(project.Load().Errors, e => e.Message.Contains("both configuration files", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_AgentsConfigVariable_NamesTheAgentsFile()
    {
        using var project = new TempProject().With("deploy/prod.yaml", OneAgent).With("agents/jarvis.md", "x").With("fastagent.config.yaml", "default_model: passthrough");
        project.Environment["PALLAS_AGENTS_CONFIG"] = "deploy/prod.yaml";

        Assert.Equal("jarvis", project.Load().GetProjectOrThrow().Agents[0].Name);
    }

    [Fact]
    public void Load_McpServers_InferTransportAndValidate()
    {
        using var project = Minimal("""
            default_model: passthrough
            mcp:
              servers:
                local: {command: npx, args: ["-y", "@modelcontextprotocol/server-everything"]}
                remote: {url: "http://localhost:3001/mcp", forward_inbound_auth: true, read_timeout_seconds: 5}
                legacy: {transport: sse, url: "http://localhost:3002/sse"}
            """);

        var servers = project.Load().GetProjectOrThrow().Settings.McpServers;

        Assert.Equal(Settings.McpTransport.Stdio, servers["local"].Transport);
        Assert.Equal(Settings.McpTransport.Http, servers["remote"].Transport);
        Assert.True(servers["remote"].ForwardInboundAuth);
        Assert.Equal(TimeSpan.FromSeconds(5), servers["remote"].ReadTimeout);
        Assert.Equal(Settings.McpTransport.Sse, servers["legacy"].Transport);
    }

    [Fact]
    public void Load_MissingProject_SaysHowToCreateOne()
    {
        using var project = new TempProject();

        var error = Assert.Single(project.Load().Errors);

        Assert.Equal(ConfigSeverity.Error, error.Severity);
        Assert.Contains("pallas init", error.Message, StringComparison.Ordinal);
    }
}
