using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Interop;

/// <summary>
/// The official MCP conformance suite's protocol-level server scenarios (tests/js, @modelcontextprotocol/conformance 0.2.0-alpha)
/// against an in-process agent endpoint, at the 2025-11-25 revision and at the 2026-07-28 one.
/// </summary>
public sealed class ConformanceTests
{
    /// <summary>
    /// Checks that the suite cannot test against an agent endpoint and still counts as FAILURE (it marks them
    /// <c>details.untestable: true</c>, "Not testable: server does not list the diagnostic tool ..."): each needs one of the
    /// suite's own diagnostic tools, which a Pallas agent does not have (it offers send_message and get_health only), and
    /// faking them would test nothing of ours. Every other check of the scenario must pass.
    /// </summary>
    private static readonly Dictionary<string, string[]> NotApplicable = new()
    {
        ["server-stateless"] =
        [
            // Need test_missing_capability, a tool that requires a client capability (e.g. sampling) the request did not
            // declare; no tool of an agent depends on a client capability.
            "sep-2575-server-rejects-undeclared-capability",
            "sep-2575-missing-capability-http-400",
            // Needs test_streaming_elicitation, a tool that elicits input mid-call; an agent never asks the client for input.
            "sep-2575-http-server-no-independent-requests-on-stream",
            // Needs test_logging_tool, a tool that logs while it runs.
            "sep-2575-server-no-log-without-loglevel",
        ],
    };

    [Theory]
    [InlineData("server-initialize", "2025-11-25")]
    [InlineData("ping", "2025-11-25")]
    [InlineData("tools-list", "2025-11-25")]
    [InlineData("dns-rebinding-protection", "2025-11-25")]
    [InlineData("server-stateless", "2026-07-28")]
    [InlineData("http-header-validation", "2026-07-28")]
    [InlineData("dns-rebinding-protection", "2026-07-28")]
    [InlineData("tools-list", "2026-07-28")]
    public async Task ConformanceScenario_AgentEndpoint_Passes(string scenario, string specVersion)
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
                [
                    Path.Combine(NodeTools.JsDirectory, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js"),
                    "server", "--url", url, "--scenario", scenario, "--spec-version", specVersion, "-o", output.FullName,
                ],
                output.FullName);
            var report = $"conformance {scenario} --spec-version {specVersion} exited {exitCode}:\n{stdout}\n{stderr}";

            // A scenario not on that revision's timeline prints "SKIPPED: scenario ..." and exits 0 without running a check.
            Assert.DoesNotContain("SKIPPED: scenario", stdout);
            var checks = ReadChecks(output, report);
            var notApplicable = NotApplicable.GetValueOrDefault(scenario, []);
            var failed = checks.Where(check => Status(check) == "FAILURE").ToList();
            foreach (var check in failed)
            {
                var id = (string?)check["id"];
                Assert.True(
                    id is not null && notApplicable.Contains(id) && (bool?)check["details"]?["untestable"] == true,
                    $"{scenario}: check {id} failed: {check["errorMessage"]}\n{report}");
            }

            // A not-applicable check the suite no longer fails (it tests it, or skips it) should leave the list.
            Assert.Equal(notApplicable.Order(), failed.Select(check => (string)check["id"]!).Distinct().Order());
            Assert.DoesNotContain(checks, check => Status(check) == "WARNING");
            var passed = checks.Count(check => Status(check) == "SUCCESS");
            Assert.True(passed > 0, report);

            // The suite's own summary agrees; it exits 1 whenever any check failed.
            var summary = Regex.Match(stdout, @"Passed: (\d+)/(\d+), (\d+) failed, (\d+) warnings");
            Assert.True(summary.Success, report);
            Assert.Equal(
                (passed, passed + failed.Count, failed.Count, 0),
                (int.Parse(summary.Groups[1].Value), int.Parse(summary.Groups[2].Value), int.Parse(summary.Groups[3].Value), int.Parse(summary.Groups[4].Value)));
            Assert.True(exitCode == (failed.Count == 0 ? 0 : 1), report);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static string? Status(JsonNode check) => (string?)check["status"];

    /// <summary>The checks.json the suite writes under <c>-o</c> (one folder per scenario run).</summary>
    private static List<JsonNode> ReadChecks(DirectoryInfo output, string report)
    {
        var files = output.GetFiles("checks.json", SearchOption.AllDirectories);
        Assert.True(files.Length == 1, $"expected one checks.json, found {files.Length}\n{report}");
        return JsonNode.Parse(File.ReadAllText(files[0].FullName))!.AsArray().Select(check => check!).ToList();
    }
}
