using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Interop;

/// <summary>The official MCP conformance suite's protocol-level server scenarios against an in-process agent endpoint.</summary>
public sealed class ConformanceTests
{
    [Theory]
    [InlineData("server-initialize")]
    [InlineData("ping")]
    [InlineData("tools-list")]
    [InlineData("dns-rebinding-protection")]
    public async Task ConformanceScenario_AgentEndpoint_Passes(string scenario)
    {
        NodeTools.SkipUnlessInstalled();
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        var output = Directory.CreateTempSubdirectory("pallas-conformance-");
        try
        {
            // dns-rebinding-protection only runs against a localhost URL.
            var url = $"http://localhost:{host.Mcp("jarvis").Port}/mcp";
            var (exitCode, stdout, stderr) = await NodeTools.RunAsync(
                NodeTools.Node22,
                [Path.Combine(NodeTools.JsDirectory, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js"), "server", "--url", url, "--scenario", scenario, "-o", output.FullName],
                output.FullName);

            Assert.True(exitCode == 0, $"conformance {scenario} exited {exitCode}:\n{stdout}\n{stderr}");
            Assert.Matches(@"Passed: ([1-9]\d*)/\1, 0 failed", stdout);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
