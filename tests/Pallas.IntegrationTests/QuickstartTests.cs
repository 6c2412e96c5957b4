using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Pallas.IntegrationTests.Infrastructure;

namespace Pallas.IntegrationTests;

/// <summary>The README's main job: <c>pallas</c> on examples/quickstart, driven by clients that are not ours.</summary>
public sealed class QuickstartTests
{
    private static readonly Lazy<JsonSchema> ServerSchema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "server.schema.json"))));

    [Fact]
    public async Task Quickstart_ServesRegistryAgentsAndTheTypeScriptClient()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = Quickstart(out var ports);
        await using var pallas = project.Start();
        await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.OK, ct);

        // The registry: one entry per agent, each valid against the official server.json schema.
        var registry = await Http.GetJsonAsync(new Uri(project.RegistryUrl, ".well-known/mcp/server.json"), ct);
        var entries = registry["servers"]!.AsArray();
        Assert.Equal(["local.quickstart/jarvis", "local.quickstart/research", "local.quickstart/scribe"], entries.Select(e => (string)e!["name"]!).Order());
        foreach (var entry in entries)
        {
            var result = ServerSchema.Value.Evaluate(JsonSerializer.SerializeToElement(entry), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            Assert.True(result.IsValid, $"{entry!["name"]} is not a valid server.json entry: {JsonSerializer.Serialize(result)}");
        }

        Assert.Equal($"http://localhost:{ports["jarvis"]}/mcp", (string)entries.First(e => (string)e!["name"]! == "local.quickstart/jarvis")!["remotes"]![0]!["url"]!);

        // The official TypeScript SDK: tools, send_message with progress, assistant chunks, get_health, the history prompt.
        var (exitCode, output, error) = await NodeTool.RunAsync("node",
            [Path.Combine(Repository.NodeTools, "mcp-client.mjs"), AgentCalls.McpUrl(ports["jarvis"]).ToString(), "jarvis"], TimeSpan.FromSeconds(60), ct);
        Assert.True(exitCode == 0, $"mcp-client.mjs failed ({exitCode}): {error}\n{pallas.Output}");
        var report = JsonNode.Parse(output)!;
        Assert.Equal(["get_health", "send_message"], report["tools"]!.AsArray().Select(t => (string)t!["name"]!).Order());
        Assert.Equal("hello from typescript", (string)report["send"]!["content"]![0]!["text"]!);
        Assert.NotEqual(true, (bool?)report["send"]!["isError"]);
        Assert.NotEmpty(report["progress"]!.AsArray());
        var chunk = report["logs"]!.AsArray().Select(l => l!["data"]).First(d => (string?)d?["kind"] == "assistant_chunk")!;
        Assert.Equal("jarvis", (string)chunk["agent"]!);
        Assert.Equal("ts-1", (string)chunk["conversation_id"]!);
        Assert.Equal("healthy", (string)report["health"]!["structuredContent"]!["status"]!);
        Assert.Empty(report["prompt"]!["messages"]!.AsArray());
    }

    [Fact]
    public async Task Metrics_CountSendMessageCalls_AndPallasSendPrintsTheReply()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = Quickstart(out var ports);
        await using var pallas = project.Start();
        await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.OK, ct);

        Assert.Equal(0, await SendCountAsync(project, ct));
        var (text, isError) = await AgentCalls.SendAsync(ports["scribe"], "first", ct);
        Assert.Equal(("first", false), (text, isError));

        var (exitCode, output, error) = await NodeTool.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "pallas.dll"), "send", "scribe", "second", "--project", project.Directory], TimeSpan.FromSeconds(60), ct);
        Assert.True(exitCode == 0, error);
        Assert.Equal("second", output.Trim());
        Assert.Contains("…", error, StringComparison.Ordinal);
        Assert.DoesNotContain("second", error, StringComparison.Ordinal);

        // The URL its own advice names, and the message from stdin.
        (exitCode, output, error) = await NodeTool.RunAsync("bash",
            ["-c", $"echo third | dotnet \"{Path.Combine(AppContext.BaseDirectory, "pallas.dll")}\" send scribe - --url http://127.0.0.1:{ports["scribe"]}/mcp"], TimeSpan.FromSeconds(60), ct);
        Assert.True(exitCode == 0, error);
        Assert.Equal("third", output.Trim());

        Assert.Equal(3, await SendCountAsync(project, ct));
    }

    [Fact]
    public async Task Sigterm_DrainsAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = Quickstart(out _);
        await using var pallas = project.Start();
        await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.OK, ct);

        pallas.Terminate();

        Assert.Equal(0, await pallas.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
    }

    [Fact]
    public async Task PortInUse_IsAClearStartupError()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = Quickstart(out var ports);
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, ports["jarvis"]);
        squatter.Start();
        await using var pallas = project.Start();

        Assert.Equal(3, await pallas.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));
        Assert.Contains($"agent 'jarvis' cannot start: port {ports["jarvis"]}", pallas.Output, StringComparison.Ordinal);
    }

    private static async Task<int> SendCountAsync(TestProject project, CancellationToken ct)
    {
        var metrics = await Http.Client.GetStringAsync(new Uri(project.RegistryUrl, "metrics"), ct);
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("pallas_send_message_total{agent=\"scribe\",outcome=\"ok\"}", StringComparison.Ordinal));
        return line is null ? 0 : (int)double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>examples/quickstart with its fixed ports replaced by free ones.</summary>
    private static TestProject Quickstart(out Dictionary<string, int> ports)
    {
        var project = new TestProject().CopyFrom("examples/quickstart");
        ports = new() { ["research"] = TestProject.FreePort(), ["jarvis"] = TestProject.FreePort(), ["scribe"] = TestProject.FreePort() };
        var agents = File.ReadAllText(Path.Combine(project.Directory, "agents.yaml"))
            .Replace("registry_port: 8200", $"registry_port: {project.RegistryPort}", StringComparison.Ordinal)
            .Replace("port: 8201", $"port: {ports["research"]}", StringComparison.Ordinal)
            .Replace("port: 8202", $"port: {ports["jarvis"]}", StringComparison.Ordinal)
            .Replace("port: 8203", $"port: {ports["scribe"]}", StringComparison.Ordinal);
        project.With("agents.yaml", agents);
        return project;
    }
}
