namespace Pallas.Cli.Tests.Commands;

/// <summary>Issue 9's acceptance: one <c>pallas check</c> run reports every mistake of a project, each once, and nothing else.</summary>
public sealed class CheckEveryMistakeTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["agents.yaml"] = """
            name: twelve
            version: "1.0.0"
            host: localhost
            agents:
              jarvis:
                module: agents.jarvis
                port: 8201
                depends_on: [ghost]
              research:
                module: agents.research
                port: 8202
                depnds_on: [jarvis]
              coder:
                module: agents.coder
                port: 8203
                model: bedrock.us.anthropic.claude-haiku-4-5
              critic:
                module: agents.critic
                port: 8204
                model: anthropic.claude-sonnet-4-6
            """,
        ["fastagent.config.yaml"] = """
            default_model: bedrock.us.anthropic.claude-opus-4.7
            bedrock:
              regin: us-east-1
            anthropic:
              base_url: https://bedrock-mantle.us-east-1.api.aws/anthropic
            mcp:
              servers:
                fs:
                  command: no-such-command-pallas
            """,
        ["fastagent.secrets.yaml"] = """
            anthropic:
              api_key: ABSK-test
            openai:
              base_url: https://bedrock-mantle.us-east-1.api.aws/v1
              apikey: ABSK-test
            """,
        ["agents/jarvis.md"] = "---\nservers: [fs, everything]\n---\nYou are Jarvis. {{file:persona.txt}}\n",
        ["agents/research/research.md"] = "---\nmodel: openai.minimax.minimax-m2.5\nagents: [writer]\n---\nResearch.\n",
        ["agents/research/writer.md"] = "---\nmodel: bedrock.claude-sonnet-4-6\nagents: [research]\n---\nWrite.\n",
        ["agents/coder.py"] = "from fast_agent import FastAgent\n",
        ["agents/critic/critic.md"] = "---\ntype: evaluator_optimizer\ngenerator: drafter\nevaluator: judge\nmin_rating: superb\n---\nCritique.\n",
        ["agents/critic/drafter.md"] = "---\nname: drafter\n---\nDraft.\n",
    };

    /// <summary>Each mistake: where it is reported, and a fragment of the fix that names it.</summary>
    private static readonly (string At, string Says)[] Mistakes =
    [
        ("agents.yaml:1: error: registry_port:", "is required but missing"),
        ("agents.yaml:8: error: agents.jarvis.depends_on:", "'ghost', which is not an agent"),
        ("agents.yaml:12: warning: agents.research.depnds_on:", "did you mean 'depends_on'?"),
        ("agents.yaml:14: error: agents.coder.module:", "a Python (fast-agent) module"),
        ("agents.yaml:20: error: agents.critic.model:", "Claude Sonnet 4.6 has no Mantle endpoint"),
        ("agents/critic/critic.md:4: error: evaluator:", "put judge.md next to this card"),
        ("agents/critic/critic.md:5: error: min_rating:", "use POOR, FAIR, GOOD, EXCELLENT"),
        ("agents/jarvis.md:2: error: servers:", "server 'everything' is not under mcp.servers"),
        ("agents/jarvis.md:4: error: instruction:", "{{file:persona.txt}} names a file that cannot be read"),
        ("agents/research/writer.md:2: error: model:", "write bedrock.anthropic.claude-sonnet-4-6"),
        ("agents/research/writer.md:3: error: agents:", "cycle (research -> writer -> research)"),
        ("fastagent.config.yaml:1: error: default_model:", "did you mean 'bedrock.us.anthropic.claude-opus-4-7'?"),
        ("fastagent.config.yaml:3: warning: bedrock.regin:", "did you mean 'region'?"),
        ("fastagent.config.yaml:9: warning: mcp.servers.fs.command:", "command not found: no-such-command-pallas"),
        ("fastagent.secrets.yaml:5: error: openai.apikey:", "'apikey' is not api_key, so there is no API key for the openai provider"),
    ];

    [Fact]
    public async Task Check_ProjectWithFifteenMistakes_ReportsEachOnceAndNothingElse()
    {
        var directory = CliRunner.NewTempDirectory();
        foreach (var (name, text) in Files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
        }

        var (exitCode, output, _) = await CliRunner.RunAsync("check", "--project", directory);

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        var lines = output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal($"{directory}: 12 error(s), 3 warning(s).", lines[^1]);
        var problems = lines[..^1];
        Assert.All(Mistakes, mistake => Assert.Single(problems, line => line.StartsWith(mistake.At, StringComparison.Ordinal) && line.Contains(mistake.Says, StringComparison.Ordinal)));
        Assert.Equal(Mistakes.Length, problems.Length);
    }
}
