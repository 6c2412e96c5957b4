using Pallas.Configuration.Cards;
using YamlDotNet.RepresentationModel;

namespace Pallas.Configuration.Loading;

/// <summary>Reads AgentCards: Markdown with YAML front matter (body = instruction) or plain YAML (<c>instruction:</c>).</summary>
internal sealed class CardReader(DiagnosticBag diagnostics, IReadOnlyCollection<string> knownServers)
{
    public static readonly string[] Extensions = [".md", ".markdown", ".yaml", ".yml"];

    private static readonly string[] Fields =
    [
        "name", "type", "description", "instruction", "model", "servers", "tools", "agents", "use_history", "request_params", "default",
        "sequence", "cumulative", "fan_out", "fan_in", "include_request", "generator", "evaluator", "min_rating", "max_refinements",
        "plan_type", "plan_iterations",
    ];

    // fast-agent card fields that Pallas accepts but does not act on.
    private static readonly string[] Tolerated =
    [
        "schema_version", "tool_only", "resources", "prompts", "mcp_connect", "skills", "tool_input_schema", "save_trajectory", "messages",
        "human_input", "api_key", "shell", "cwd", "refinement_instruction",
    ];

    private readonly Dictionary<AgentCard, YamlMap> _maps = new(ReferenceEqualityComparer.Instance);

    /// <summary>Where <paramref name="key"/> is written in a card read by this reader.</summary>
    public YamlLocation At(AgentCard card, string key) => _maps[card].At(key);

    /// <summary>The line of <paramref name="card"/>'s file where <paramref name="text"/> first appears, else where <paramref name="key"/> is.</summary>
    public YamlLocation LineOf(AgentCard card, string text, string key)
    {
        var at = At(card, key);
        var content = File.ReadAllText(card.SourcePath).ReplaceLineEndings("\n");
        var index = content.IndexOf(text, StringComparison.Ordinal);
        return index < 0 ? at : at with { Line = 1 + content.AsSpan(0, index).Count('\n') };
    }

    /// <summary>Reads one card file; <paramref name="displayPath"/> is the path shown in diagnostics.</summary>
    public AgentCard? Read(string fullPath, string displayPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (IOException ex)
        {
            diagnostics.Error(displayPath, 0, "", $"cannot read the card: {ex.Message}");
            return null;
        }

        var isMarkdown = fullPath.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || fullPath.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);
        var (yaml, body) = isMarkdown ? SplitFrontMatter(text) : (text, null);
        var node = YamlText.Parse(yaml, displayPath, 0, diagnostics);
        if (node is null)
        {
            return null;
        }

        var sources = new YamlSources(environment: null);
        sources.Register(node, displayPath);
        var map = new YamlMap(node, new YamlLocation(displayPath, 1, ""), sources, diagnostics);
        var card = ReadFields(map, fullPath, body?.Trim());
        if (card is not null)
        {
            _maps[card] = map;
        }

        return card;
    }

    private AgentCard? ReadFields(YamlMap map, string fullPath, string? body)
    {
        map.WarnUnknownKeys(Fields, "the AgentCard", Tolerated);
        var instruction = map.String("instruction");
        if (instruction is not null && !string.IsNullOrEmpty(body))
        {
            diagnostics.Error(map.At("instruction"), "the card has both an 'instruction:' field and a Markdown body; keep one of them.");
        }

        var typeText = map.String("type") ?? "agent";
        if (!TryParseType(typeText, out var type))
        {
            diagnostics.Error(map.At("type"), $"'{typeText}' is not a card type; use agent, chain, parallel, router, evaluator_optimizer or orchestrator.");
            return null;
        }

        var card = new AgentCard
        {
            Name = map.String("name") ?? Path.GetFileNameWithoutExtension(fullPath),
            SourcePath = fullPath,
            Type = type,
            Description = map.String("description"),
            Instruction = instruction ?? body ?? "",
            Model = map.String("model"),
            Servers = map.StringList("servers"),
            Tools = ReadTools(map),
            Agents = map.StringList("agents"),
            UseHistory = map.Bool("use_history"),
            RequestParams = ReadRequestParams(map.Map("request_params")),
            Default = map.Bool("default") ?? false,
            Workflow = ReadWorkflow(map),
            KeyLines = ReadKeyLines(map),
        };
        CheckWorkflow(map, card);
        CheckServers(map, card);
        return card;
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadTools(YamlMap map)
    {
        var tools = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (map.Map("tools") is { } toolsMap)
        {
            foreach (var server in toolsMap.Keys)
            {
                tools[server] = toolsMap.StringList(server);
            }
        }

        return tools;
    }

    private static Dictionary<string, int> ReadKeyLines(YamlMap map)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in map.Keys)
        {
            lines.TryAdd(key, map.At(key).Line);
        }

        return lines;
    }

    private static RequestParams ReadRequestParams(YamlMap? map)
    {
        if (map is null)
        {
            return new RequestParams();
        }

        map.WarnUnknownKeys(
            ["max_tokens", "maxTokens", "temperature", "top_p", "topP", "top_k", "topK", "max_iterations", "maxIterations",
             "parallel_tool_calls", "parallelToolCalls", "stop_sequences", "stopSequences"],
            "request_params",
            ["use_history", "model", "systemPrompt", "system_prompt", "metadata", "streaming_timeout", "response_format"]);
        return new RequestParams
        {
            MaxTokens = Either(map, "max_tokens", "maxTokens", key => map.Int(key, 1)),
            Temperature = Either(map, "temperature", "temperature", key => map.Double(key, 0, 2)),
            TopP = Either(map, "top_p", "topP", key => map.Double(key, 0, 1)),
            TopK = Either(map, "top_k", "topK", key => map.Int(key, 1)),
            MaxIterations = Either(map, "max_iterations", "maxIterations", key => map.Int(key, 1, 10_000)),
            ParallelToolCalls = Either(map, "parallel_tool_calls", "parallelToolCalls", map.Bool),
            StopSequences = map.Has("stopSequences") ? map.StringList("stopSequences") : map.StringList("stop_sequences"),
        };
    }

    private static T? Either<T>(YamlMap map, string snake, string camel, Func<string, T?> read) where T : struct =>
        map.Has(snake) ? read(snake) : map.Has(camel) ? read(camel) : null;

    private WorkflowSpec ReadWorkflow(YamlMap map)
    {
        var defaults = new WorkflowSpec();
        var minRating = defaults.MinRating;
        if (map.String("min_rating") is { } ratingText && !RatingExtensions.TryParse(ratingText, out minRating))
        {
            diagnostics.Error(map.At("min_rating"), $"'{ratingText}' is not a rating; use {string.Join(", ", RatingExtensions.Names)}.");
        }

        var planType = defaults.PlanType;
        if (map.String("plan_type") is { } planText && !TryParsePlanType(planText, out planType))
        {
            diagnostics.Error(map.At("plan_type"), $"'{planText}' is not a plan type; use full or iterative.");
        }

        return new WorkflowSpec
        {
            Sequence = map.StringList("sequence"),
            Cumulative = map.Bool("cumulative") ?? false,
            FanOut = map.StringList("fan_out"),
            FanIn = map.String("fan_in"),
            IncludeRequest = map.Bool("include_request") ?? true,
            Generator = map.String("generator"),
            Evaluator = map.String("evaluator"),
            MinRating = minRating,
            MaxRefinements = map.Int("max_refinements", 0, 100) ?? defaults.MaxRefinements,
            PlanType = planType,
            PlanIterations = map.Int("plan_iterations", 1, 1_000) ?? defaults.PlanIterations,
        };
    }

    private void CheckWorkflow(YamlMap map, AgentCard card)
    {
        void Require(bool present, string key, string example)
        {
            if (!present)
            {
                diagnostics.Error(map.At(key), $"a {card.Type.ToConfigName()} card needs '{key}', e.g. {example}.");
            }
        }

        var flow = card.Workflow;
        switch (card.Type)
        {
            case AgentType.Chain:
                Require(flow.Sequence.Count > 0, "sequence", "sequence: [search, summarise]");
                break;
            case AgentType.Parallel:
                Require(flow.FanOut.Count > 0, "fan_out", "fan_out: [a, b]");
                break;
            case AgentType.Router or AgentType.Orchestrator:
                Require(card.Agents.Count > 0, "agents", "agents: [a, b]");
                break;
            case AgentType.EvaluatorOptimizer:
                Require(flow.Generator is not null, "generator", "generator: writer");
                Require(flow.Evaluator is not null, "evaluator", "evaluator: critic");
                break;
        }
    }

    private void CheckServers(YamlMap map, AgentCard card)
    {
        foreach (var server in card.Servers.Where(s => !knownServers.Contains(s)))
        {
            var known = knownServers.Count == 0 ? "none are configured" : "configured: " + string.Join(", ", knownServers);
            diagnostics.Error(map.At("servers"), $"server '{server}' is not under mcp.servers in fastagent.config.yaml ({known}); add it there or remove it from the card.");
        }

        foreach (var server in card.Tools.Keys.Where(s => !card.Servers.Contains(s)))
        {
            diagnostics.Error(map.At("tools"), $"'{server}' is not in this card's servers list; add it to servers: or remove its tools: entry.");
        }
    }

    private static bool TryParsePlanType(string text, out PlanType planType) =>
        Enum.TryParse(text, ignoreCase: true, out planType) && Enum.IsDefined(planType) && !int.TryParse(text, out _);

    private static bool TryParseType(string text, out AgentType type) =>
        Enum.TryParse(text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out type)
        && Enum.IsDefined(type) && !int.TryParse(text, out _);

    /// <summary>
    /// Splits <c>---</c> front matter from the Markdown body. The YAML keeps a blank first line in place of the opening
    /// <c>---</c>, so that its line numbers are the file's.
    /// </summary>
    internal static (string Yaml, string Body) SplitFrontMatter(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            return ("", StripSystemMarker(text));
        }

        var end = Array.FindIndex(lines, 1, line => line.TrimEnd() is "---" or "...");
        if (end < 0)
        {
            return ("\n" + string.Join('\n', lines[1..]), "");
        }

        return ("\n" + string.Join('\n', lines[1..end]), StripSystemMarker(string.Join('\n', lines[(end + 1)..])));
    }

    private static string StripSystemMarker(string body)
    {
        var trimmed = body.TrimStart('\n', '\r');
        return trimmed.StartsWith("---SYSTEM", StringComparison.Ordinal) ? trimmed["---SYSTEM".Length..] : body;
    }
}
