using Pallas.Configuration.Diagnostics;
using Pallas.Configuration.Models;
using Pallas.Configuration.Settings;

namespace Pallas.Configuration.Loading;

/// <summary>Reads the merged <c>fastagent.config.yaml</c> + secrets into <see cref="PallasSettings"/>.</summary>
/// <param name="diagnostics">Where problems go.</param>
/// <param name="projectDirectory">Base of relative stdio working directories.</param>
internal sealed class SettingsReader(DiagnosticBag diagnostics, string projectDirectory)
{
    // Bedrock long-term API keys identify themselves by this prefix.
    private const string BedrockKeyPrefix = "ABSK";

    private static readonly string[] TopLevel = ["default_model", "model_capabilities", "anthropic", "openai", "generic", "bedrock", "mcp", "logger"];

    // fast-agent settings a copied config may hold; Pallas does not use them, so they are ignored with a gentler warning.
    private static readonly string[] FastAgentOnly =
    [
        "execution_engine", "model_references", "otel", "llm_retries", "session_history", "session_history_window", "compaction",
        "skills", "cards", "plugins", "commands", "shell_execution", "tui", "environments", "default_environment", "harness_app",
        "home", "git_aware", "environment_dir", "auto_sampling", "mcp_ui_mode", "mcp_ui_output_dir", "mcp_timeline",
        "responses", "openresponses", "codexresponses", "deepseek", "zai", "moonshot", "google", "xai", "metaai", "openrouter",
        "tensorzero", "azure", "aliyun", "hf", "groq",
    ];

    private static readonly string[] ProviderExtras = ["default_model", "reasoning", "reasoning_effort", "cache_mode", "cache_ttl", "cache_diagnostics",
        "task_budget", "structured_output_mode", "vertex_ai", "web_search", "web_fetch", "text_verbosity", "transport", "service_tier"];

    /// <summary>Where <c>default_model</c> is written (after <see cref="Read"/>).</summary>
    public YamlLocation DefaultModelAt { get; private set; }

    /// <summary>The <c>anthropic</c> and <c>openai</c> sections as written, for <see cref="ProviderKeyCheck"/>.</summary>
    public Dictionary<string, YamlMap> KeyedSections { get; } = new(StringComparer.Ordinal);

    public PallasSettings Read(YamlMap root)
    {
        WarnUnknown(root, TopLevel, FastAgentOnly, "fastagent.config.yaml");
        DefaultModelAt = root.At("default_model");
        return new PallasSettings
        {
            DefaultModel = ReadModel(root, "default_model"),
            ModelCapabilities = ReadCapabilities(root.Map("model_capabilities")),
            Anthropic = ReadAnthropic(root.Map("anthropic")),
            OpenAI = ReadOpenAI(root.Map("openai")),
            Generic = ReadGeneric(root.Map("generic")),
            Bedrock = ReadBedrock(root.Map("bedrock")),
            McpServers = ReadMcp(root.Map("mcp")),
            LogLevel = ReadLogLevel(root.Map("logger")),
        };
    }

    private string? ReadLogLevel(YamlMap? logger)
    {
        var text = logger?.String("level");
        var level = LogLevelName.Normalize(text);
        if (text is not null && level is null)
        {
            diagnostics.Warning(logger!.At("level"), $"logger.level '{text}' is not a log level, so info is used; write {LogLevelName.Valid}.");
        }

        return level;
    }

    /// <summary>Reads a model string; a bad one is an error showing the valid forms.</summary>
    public ModelSpec? ReadModel(YamlMap map, string key)
    {
        var text = map.String(key);
        if (text is null)
        {
            return null;
        }

        if (ModelSpec.TryParse(text, out var spec, out var error))
        {
            return spec;
        }

        diagnostics.Error(map.At(key), error);
        return null;
    }

    public ModelCapabilitiesOverride? ReadCapabilities(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        if (map.Has("mantle"))
        {
            diagnostics.Warning(map.At("mantle"), "model_capabilities.mantle is obsolete and ignored: Mantle is detected from anthropic.base_url; write anthropic.mantle: true to force it.");
        }

        map.WarnUnknownKeys(["vision", "context_window", "max_output_tokens", "mantle"], "model_capabilities");
        return new ModelCapabilitiesOverride(
            map.Bool("vision"),
            map.Int("context_window", min: 1),
            map.Int("max_output_tokens", min: 1));
    }

    private AnthropicSettings ReadAnthropic(YamlMap? map)
    {
        if (map is null)
        {
            return new AnthropicSettings();
        }

        var (key, url, headers, mantle) = ReadKeyedProvider(map, "anthropic");
        return new AnthropicSettings { ApiKey = key, BaseUrl = url, DefaultHeaders = headers, Mantle = mantle };
    }

    private OpenAISettings ReadOpenAI(YamlMap? map)
    {
        if (map is null)
        {
            return new OpenAISettings();
        }

        var (key, url, headers, mantle) = ReadKeyedProvider(map, "openai");
        return new OpenAISettings { ApiKey = key, BaseUrl = url, DefaultHeaders = headers, Mantle = mantle };
    }

    /// <summary>The keys the <c>anthropic</c> and <c>openai</c> sections share.</summary>
    private (string? ApiKey, Uri? BaseUrl, IReadOnlyDictionary<string, string> Headers, bool? Mantle) ReadKeyedProvider(YamlMap map, string section)
    {
        string[] known = ["api_key", "base_url", "default_headers", "mantle"];
        KeyedSections[section] = map;
        // A misspelled api_key is ProviderKeyCheck's to report: an error when the provider is used.
        WarnUnknown(map, ProviderKeyCheck.Typo(map) is { } keyTypo ? [.. known, keyTypo] : known, ProviderExtras, section);
        var key = map.String("api_key");
        var url = map.Url("base_url");
        if (key is not null && key.StartsWith(BedrockKeyPrefix, StringComparison.Ordinal) && !map.Has("base_url"))
        {
            // An error, not a warning: the Bedrock key would go to the vendor's public API on the first call.
            var typo = map.Keys.FirstOrDefault(written => !known.Contains(written) && Spelling.Closest(written, ["base_url"]) is not null);
            var publicApi = section == "anthropic" ? "api.anthropic.com" : "api.openai.com";
            var path = section == "anthropic" ? "anthropic" : "v1";
            diagnostics.Error(typo is null ? map.At("api_key") : map.At(typo),
                $"api_key is a Bedrock API key, but {section}.base_url is not set{(typo is null ? "" : $" ('{typo}' is not base_url)")}, so the key would be sent to {publicApi}; set base_url: https://bedrock-mantle.<region>.api.aws/{path}.");
        }

        return (key, url, map.StringMap("default_headers"), map.Bool("mantle"));
    }

    private GenericSettings ReadGeneric(YamlMap? map)
    {
        if (map is null)
        {
            return new GenericSettings();
        }

        WarnUnknown(map, ["api_key", "base_url"], ProviderExtras, "generic");
        return new GenericSettings
        {
            ApiKey = map.String("api_key"),
            BaseUrl = map.Url("base_url") ?? GenericSettings.DefaultBaseUrl,
        };
    }

    private BedrockSettings ReadBedrock(YamlMap? map)
    {
        if (map is null)
        {
            return new BedrockSettings();
        }

        WarnUnknown(map, ["region", "profile", "reasoning", "base_url"], ["default_model", "reasoning_effort"], "bedrock");
        ReasoningLevel? reasoning = null;
        if (map.String("reasoning") is { } text)
        {
            if (ReasoningLevelExtensions.TryParse(text, out var level))
            {
                reasoning = level;
            }
            else
            {
                diagnostics.Error(map.At("reasoning"), $"'{text}' is not a reasoning level; use minimal, low, medium or high.");
            }
        }

        return new BedrockSettings
        {
            Region = map.String("region"),
            Profile = map.String("profile"),
            Reasoning = reasoning,
            BaseUrl = map.Url("base_url"),
        };
    }

    private Dictionary<string, McpServerSettings> ReadMcp(YamlMap? map)
    {
        var servers = new Dictionary<string, McpServerSettings>(StringComparer.Ordinal);
        if (map is null)
        {
            return servers;
        }

        WarnUnknown(map, ["servers"], ["defaults", "client", "diagnostics", "targets"], "mcp");
        var serversMap = map.Map("servers");
        if (serversMap is null)
        {
            return servers;
        }

        foreach (var name in serversMap.Keys)
        {
            if (serversMap.Map(name) is { } server && ReadServer(name, server) is { } settings)
            {
                servers[name] = settings;
            }
        }

        return servers;
    }

    private McpServerSettings? ReadServer(string name, YamlMap map)
    {
        WarnUnknown(map, ["transport", "command", "args", "env", "cwd", "url", "headers", "forward_inbound_auth", "read_timeout_seconds"],
            ["name", "description", "auth", "access_token", "roots", "sampling", "elicitation", "http_timeout_seconds", "http_read_timeout_seconds",
             "read_transport_sse_timeout_seconds", "ping_interval_seconds", "max_missed_pings", "load_on_start", "include_instructions",
             "reconnect_on_disconnect", "implementation", "protocol_mode", "management", "connector_id", "defer_loading", "target"],
            $"mcp.servers.{name}");

        var command = map.String("command");
        var url = map.Url("url");
        McpTransport transport;
        if (map.String("transport") is { } written)
        {
            if (!Enum.TryParse(written, ignoreCase: true, out transport) || int.TryParse(written, out _))
            {
                diagnostics.Error(map.At("transport"), $"'{written}' is not a transport; use stdio, http or sse.");
                return null;
            }
        }
        else if (url is not null || map.Has("url"))
        {
            transport = McpTransport.Http;
        }
        else
        {
            transport = McpTransport.Stdio;
        }

        if (transport == McpTransport.Stdio && string.IsNullOrWhiteSpace(command))
        {
            diagnostics.Error(map.Location, "a stdio server needs 'command' (e.g. command: npx, args: [-y, some-mcp-server]); for a remote server set 'url'.");
        }
        else if (transport == McpTransport.Stdio && CommandLookup.Find(command!, Path.GetFullPath(map.String("cwd") ?? ".", projectDirectory)) is null)
        {
            // A warning: the machine that checks is not always the one that serves (a CI runner, a container image).
            diagnostics.Warning(map.At("command"), $"{CommandLookup.NotFound(name, command!)}; the server cannot start on this machine.");
        }

        if (transport != McpTransport.Stdio && url is null && !map.Has("url"))
        {
            diagnostics.Error(map.Location, $"a {transport.ToString().ToLowerInvariant()} server needs 'url' (e.g. url: http://localhost:8080/mcp).");
        }

        return new McpServerSettings
        {
            Name = name,
            Transport = transport,
            Command = command,
            Args = map.StringList("args"),
            Env = map.StringMap("env"),
            Cwd = map.String("cwd"),
            Url = url,
            Headers = map.StringMap("headers"),
            ForwardInboundAuth = map.Bool("forward_inbound_auth") ?? false,
            ReadTimeout = map.Seconds("read_timeout_seconds"),
        };
    }

    private void WarnUnknown(YamlMap map, string[] known, string[] ignored, string what)
    {
        foreach (var key in map.Keys.Where(ignored.Contains))
        {
            diagnostics.Warning(map.At(key), $"'{key}' is a fast-agent setting that Pallas does not use; it is ignored.");
        }

        map.WarnUnknownKeys(known, what, ignored);
    }
}
