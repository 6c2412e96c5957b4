using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Pallas.Emulators;
using Pallas.IntegrationTests.Infrastructure;

namespace Pallas.IntegrationTests;

/// <summary>A passthrough agent calling real downstream MCP servers from npm: stdio and Streamable HTTP.</summary>
public sealed class DownstreamServerTests
{
    [Fact]
    public async Task CallTool_ReachesStdioAndStreamableHttpServers()
    {
        var ct = TestContext.Current.CancellationToken;
        var httpPort = TestProject.FreePort();
        await using var remote = NodeTool.Start("node", [Repository.ServerEverything, "streamableHttp"], new Dictionary<string, string> { ["PORT"] = $"{httpPort}" });
        using var project = Project(httpPort, out var agentPort);
        await using var pallas = project.Start();
        await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.OK, ct, TimeSpan.FromSeconds(60));
        await WaitForServersAsync(agentPort, ["everything", "remote"], ct);

        var stdio = await AgentCalls.SendAsync(agentPort, """***CALL_TOOL everything__echo {"message": "over stdio"}""", ct);
        var http = await AgentCalls.SendAsync(agentPort, """***CALL_TOOL remote__echo {"message": "over http"}""", ct);

        Assert.Equal(("Echo: over stdio", false), stdio);
        Assert.Equal(("Echo: over http", false), http);

        // server-everything speaks an older revision: its "Method not found" for server/discover is normal, not a warning.
        Assert.DoesNotContain("server/discover", pallas.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StdioServerKilledMidRun_GivesAToolError_AndTheAgentKeepsServing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = Project(httpPort: null, out var agentPort);
        await using var pallas = project.Start();
        await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.OK, ct, TimeSpan.FromSeconds(60));
        await WaitForServersAsync(agentPort, ["everything"], ct);
        Assert.Equal(("Echo: before", false), await AgentCalls.SendAsync(agentPort, """***CALL_TOOL everything__echo {"message": "before"}""", ct));

        // A long-running tool is in flight when the server dies: the call must end with a tool error, not hang.
        var inFlight = AgentCalls.SendAsync(agentPort, """***CALL_TOOL everything__trigger-long-running-operation {"duration": 30, "steps": 5}""", ct);
        await Task.Delay(1000, ct);
        KillChildServers(pallas.Id);
        var (text, _) = await inFlight.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Contains("everything", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);

        // The agent keeps serving, and the server comes back in the background.
        Assert.Equal(("still here", false), await AgentCalls.SendAsync(agentPort, "still here", ct));
        await WaitForServersAsync(agentPort, ["everything"], ct);
        Assert.Equal(("Echo: after", false), await AgentCalls.SendAsync(agentPort, """***CALL_TOOL everything__echo {"message": "after"}""", ct));
    }

    [Fact]
    public async Task ServerThatNeverAnswers_HoldsUpNoAgent_AndShowsConnecting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var silent = new SilentServer();
        var silentPort = silent.Port;
        var stuckPort = TestProject.FreePort();
        var freePort = TestProject.FreePort();
        using var project = new TestProject();
        project
            .With("agents.yaml", $"""
                name: slowstart
                version: "1.0.0"
                host: localhost
                registry_port: {project.RegistryPort}
                agents:
                  stuck:
                    module: agents.stuck
                    port: {stuckPort}
                  free:
                    module: agents.free
                    port: {freePort}
                """)
            .With("fastagent.config.yaml", $"""
                default_model: passthrough
                mcp:
                  servers:
                    silent:
                      url: "http://127.0.0.1:{silentPort}/mcp"
                """)
            .With("agents/stuck.md", "---\nservers: [silent]\n---\nYou wait.\n")
            .With("agents/free.md", "---\n---\nYou answer.\n");
        await using var pallas = project.Start();

        await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.OK, ct, TimeSpan.FromSeconds(60));

        // Every endpoint listens while the silent server is still on its first (30 s) attempt: nothing waited for it.
        var stuck = await AgentCalls.HealthAsync(stuckPort, ct);
        var server = Assert.Single(stuck.GetProperty("servers").EnumerateArray());
        Assert.Equal("connecting", server.GetProperty("status").GetString());
        Assert.Equal("degraded", stuck.GetProperty("status").GetString());
        Assert.Equal("healthy", (await AgentCalls.HealthAsync(freePort, ct)).GetProperty("status").GetString());
        Assert.Equal(("served at once", false), await AgentCalls.SendAsync(freePort, "served at once", ct));
    }

    private static TestProject Project(int? httpPort, out int agentPort)
    {
        agentPort = TestProject.FreePort();
        var servers = httpPort is null ? "[everything]" : "[everything, remote]";
        var remote = httpPort is null ? "" : $"""

                remote:
                  url: "http://127.0.0.1:{httpPort}/mcp"
            """;
        var project = new TestProject();
        return project
            .With("agents.yaml", $"""
                name: downstream
                version: "1.0.0"
                host: localhost
                registry_port: {project.RegistryPort}
                agents:
                  toolsmith:
                    module: agents.toolsmith
                    port: {agentPort}
                """)
            .With("fastagent.config.yaml", $"""
                default_model: passthrough
                mcp:
                  servers:
                    everything:
                      command: node
                      args: ["{Repository.ServerEverything}", "stdio"]
                      read_timeout_seconds: 20{remote}
                """)
            .With("agents/toolsmith.md", $"---\nservers: {servers}\n---\nYou use tools.\n");
    }

    private static async Task WaitForServersAsync(int agentPort, string[] names, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        JsonElement health = default;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            health = await AgentCalls.HealthAsync(agentPort, ct);
            var ok = health.GetProperty("servers").EnumerateArray()
                .Where(s => s.GetProperty("status").GetString() == "ok")
                .Select(s => s.GetProperty("name").GetString())
                .ToHashSet();
            if (names.All(ok.Contains))
            {
                return;
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException($"servers {string.Join(", ", names)} not ok: {health}");
    }

    /// <summary>Kills the node processes pallas started (its downstream stdio servers), as a crash would.</summary>
    private static void KillChildServers(int pallasPid)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (parent == pallasPid && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains("server-everything", StringComparison.Ordinal))
                {
                    Process.GetProcessById(int.Parse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture)).Kill(entireProcessTree: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidOperationException)
            {
                // The process went away while we looked.
            }
        }
    }
}
