using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Downstream;
using Pallas.IntegrationTests.Infrastructure;

namespace Pallas.IntegrationTests;

/// <summary>CONTRACT §9: a Pallas agent calling another Pallas agent relays the sub-agent's iterations to its own caller.</summary>
public sealed class SubAgentRelayTests
{
    [Fact]
    public async Task SendMessage_ThroughAPallasSubAgent_RelaysItsChunkAsSchemaVersion3UnderTheToolCall()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = Project(out var jarvisPort);
        await using var pallas = project.Start();
        await Http.WaitForStatusAsync(new Uri(project.RegistryUrl, "healthz"), HttpStatusCode.OK, ct, TimeSpan.FromSeconds(60));

        var chunks = new ConcurrentQueue<JsonNode>();
        var relayed = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new("notifications/message", (notification, _) =>
                    {
                        var data = notification.Params?["data"]?.DeepClone();
                        if ((string?)data?["kind"] == "assistant_chunk")
                        {
                            chunks.Enqueue(data);
                            if ((int?)data["schema_version"] == 3)
                            {
                                relayed.TrySetResult(data);
                            }
                        }

                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        // Revision 2026-07-28 both ways: this client asks jarvis for chunks with a log level, and jarvis must ask research.
        await using var client = await McpClient.CreateAsync(
            new ChunkRequestingTransport(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = AgentCalls.McpUrl(jarvisPort), TransportMode = HttpTransportMode.StreamableHttp })),
            options, NullLoggerFactory.Instance, ct);

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);

        var result = await client.CallToolAsync(
            "send_message",
            new Dictionary<string, object?> { ["message"] = """***CALL_TOOL research__send_message {"message":"what is a relay?"}""", ["conversation_id"] = "it-relay" },
            cancellationToken: ct);
        var chunk = await relayed.Task.WaitAsync(TimeSpan.FromSeconds(30), ct).ContinueWith(
            task => task.IsCompletedSuccessfully ? task.Result : throw new TimeoutException($"no relayed chunk; chunks: {string.Join(" | ", chunks.Select(c => c.ToJsonString()))}\n{pallas.Output}"),
            TaskScheduler.Default);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("what is a relay?", string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text)));
        Assert.Equal("research", (string?)chunk["agent"]);
        Assert.Equal("""["research"]""", chunk["via_agent"]!.ToJsonString());
        Assert.Equal("it-relay", (string?)chunk["conversation_id"]);
        Assert.Equal("endTurn", (string?)chunk["stop_reason"]);
        Assert.Equal("what is a relay?", (string?)chunk["content"]![0]!["text"]);

        // parent_call_id is the id of jarvis's own tool call, as its schema_version 2 chunk showed it.
        var toolUse = chunks
            .Where(c => (int?)c["schema_version"] == 2 && (string?)c["agent"] == "jarvis")
            .SelectMany(c => c["content"]!.AsArray())
            .Single(block => (string?)block!["type"] == "tool_use")!;
        Assert.Equal("research__send_message", (string?)toolUse["name"]);
        Assert.Equal((string?)toolUse["id"], (string?)chunk["parent_call_id"]);
    }

    /// <summary>jarvis with research (another agent of the same process) as its downstream MCP server.</summary>
    private static TestProject Project(out int jarvisPort)
    {
        var project = new TestProject();
        var researchPort = TestProject.FreePort();
        jarvisPort = TestProject.FreePort();
        return project
            .With("agents.yaml", $"""
                name: relay
                version: "1.0.0"
                host: localhost
                registry_port: {project.RegistryPort}
                agents:
                  research:
                    module: agents.research
                    port: {researchPort}
                  jarvis:
                    module: agents.jarvis
                    port: {jarvisPort}
                    depends_on: [research]
                """)
            .With("fastagent.config.yaml", $"""
                default_model: passthrough
                mcp:
                  servers:
                    research:
                      url: "http://127.0.0.1:{researchPort}/mcp"
                """)
            .With("agents/research.md", "---\ndescription: Answers research questions.\n---\nYou research.\n")
            .With("agents/jarvis.md", "---\nservers: [research]\n---\nYou delegate research.\n");
    }
}
