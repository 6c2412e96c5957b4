using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Pallas.Configuration.Deployment;
using Pallas.Hosting.Agents;
using Pallas.Hosting.Registry;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Registry;

public sealed class RegistryDocumentTests
{
    private static JsonSchema ServerSchema => OfficialServerSchema.Value;

    [Fact]
    public void Truncate_LongDescription_CutsTo100CharactersWithEllipsis()
    {
        var text = RegistryDocument.Truncate(new string('a', 60) + "   \n " + new string('b', 60));

        Assert.Equal(100, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
    }

    [Theory]
    [InlineData("local.my_project", "jarvis", "local.my-project/jarvis")]
    [InlineData("com.example", "web search", "com.example/web-search")]
    public void ServerName_ForbiddenCharacters_AreReplaced(string ns, string agent, string expected) =>
        Assert.Equal(expected, RegistryDocument.ServerName(ns, agent));

    [Theory]
    [InlineData("::1", 8201, "http://[::1]:8201/mcp")]
    [InlineData("my-host.example.com", 8201, "http://my-host.example.com:8201/mcp")]
    public void McpUrl_Host_IsBracketedWhenIPv6(string host, int port, string expected) => Assert.Equal(expected, NetworkAddress.HttpUrl(host, port, "/mcp"));

    [Fact]
    public void Schema_EntryBrokenOnPurpose_IsRejected()
    {
        var project = TestProjects.Project(TestProjects.Agent("jarvis"));
        var agent = new AgentState(project.Agents[0], new FakeAgentRuntime(project.Agents[0]), null, TimeProvider.System);
        var entry = RegistryDocument.Entry(project.Deployment, agent);
        Assert.True(ServerSchema.Evaluate(JsonSerializer.SerializeToElement(entry)).IsValid);

        // The schema check in the endpoint test must be able to fail: these are what the official schema refuses.
        var tooLong = entry.DeepClone().AsObject();
        tooLong["description"] = new string('x', 101);
        var badName = entry.DeepClone().AsObject();
        badName["name"] = "no-slash";
        var badRemote = entry.DeepClone().AsObject();
        badRemote["remotes"] = new JsonArray(new JsonObject { ["type"] = "websocket", ["url"] = "ws://x" });

        Assert.All([tooLong, badName, badRemote], broken => Assert.False(ServerSchema.Evaluate(JsonSerializer.SerializeToElement(broken)).IsValid));
    }
}
