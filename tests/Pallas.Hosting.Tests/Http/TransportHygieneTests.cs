using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pallas.Emulators;
using Pallas.Hosting.Tests.Agents;
using Pallas.Hosting.Tests.Fakes;

namespace Pallas.Hosting.Tests.Http;

public sealed class TransportHygieneTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":1,"method":"ping","params":{}}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""")]
    [InlineData("[]")]
    public async Task Post_MalformedJsonRpc_ReturnsJsonRpcErrorAndServerKeepsServing(string body)
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        using var http = new HttpClient();

        using var response = await http.SendAsync(McpPost(host.Mcp("jarvis"), body), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        Assert.Equal("2.0", (string?)error["jsonrpc"]);
        Assert.NotNull(error["error"]?["code"]);
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
        await AgentEndpointTests.AssertStillServesAsync(client);
    }

    [Fact]
    public async Task Post_BodyOverLimit_Returns413AndServerKeepsServing()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")), options => options with { MaxRequestBodySize = 64 * 1024 });
        using var http = new HttpClient();
        var message = new string('x', 100 * 1024);

        using var response = await http.SendAsync(McpPost(host.Mcp("jarvis"), CallBody(message)), Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Runtimes["jarvis"].Requests);
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
        await AgentEndpointTests.AssertStillServesAsync(client);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_IsRefusedAndServerKeepsServing()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")), options => options with { MaxRequestBodySize = 64 * 1024 });
        using var http = new HttpClient();
        var request = McpPost(host.Mcp("jarvis"), "");
        var body = Encoding.UTF8.GetBytes(CallBody(new string('y', 100 * 1024)));
        request.Content = new StreamContent(new MemoryStream(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request, Token);

        // Was an empty 500 and an "unhandled exception" error line.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request body too large: the limit is 65536 bytes.", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["error"]!["message"]);
        Assert.Empty(host.Runtimes["jarvis"].Requests);
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
        await AgentEndpointTests.AssertStillServesAsync(client);
    }

    [Fact]
    public async Task Post_WithoutContentType_Is415WithAJsonRpcError()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        using var http = new HttpClient();
        var request = McpPost(host.Mcp("jarvis"), Ping);
        request.Content!.Headers.ContentType = null;

        using var response = await http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["error"]!;
        Assert.Equal(-32700, (int)error["code"]!);
        Assert.Contains("Content-Type: application/json", (string?)error["message"], StringComparison.Ordinal);
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
        await AgentEndpointTests.AssertStillServesAsync(client);
    }

    [Fact]
    public async Task Post_InitializeWithEmptyParams_Is400NamingTheMissingFields()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        using var http = new HttpClient();

        using var response = await http.SendAsync(McpPost(host.Mcp("jarvis"), """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"""), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["error"]!;
        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Contains("'protocolVersion'", (string?)error["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]", "'params' must be an object")]
    [InlineData("""{"name":5}""", "'params.name' must be the tool name as a string, not the number 5.")]
    [InlineData("""{"name":"send_message","arguments":"str"}""", "'params.arguments' must be an object of named arguments, not the string \"str\".")]
    [InlineData("""{"name":"send_message","arguments":{"message":"\ud800"}}""", "'params.arguments.message' is not valid Unicode text")]
    public async Task ToolsCall_MalformedParams_IsInvalidParamsNamingTheField(string parameters, string expected)
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        using var http = new HttpClient();
        var request = McpPost(host.Mcp("jarvis"), $$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{parameters}}}""");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");

        using var response = await http.SendAsync(request, Token);

        var text = await response.Content.ReadAsStringAsync(Token);
        var data = text.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("data:", StringComparison.Ordinal))[5..];
        var error = JsonNode.Parse(data)!["error"]!;
        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Contains(expected, (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(host.Runtimes["jarvis"].Requests);
    }

    [Theory]
    [InlineData("""{"message":"\u00e9t\u00e9 \ud83d\ude00"}""")]
    [InlineData("""{"message":"plain"}""")]
    public void ToolCallShape_WellFormedArguments_PassTheCheck(string arguments) =>
        Assert.Null(Pallas.Hosting.Agents.ToolCallShape.Problem(JsonNode.Parse($$"""{"name":"send_message","arguments":{{arguments}}}""")));

    [Theory]
    [InlineData("evil.example", null)]
    [InlineData("evil.example:8080", null)]
    [InlineData("localhost", "http://evil.example")]
    [InlineData("127.0.0.1", "null")]
    public async Task Post_ForeignHostOrOrigin_Returns403AndServerKeepsServing(string hostHeader, string? origin)
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        using var http = new HttpClient();
        var request = McpPost(host.Mcp("jarvis"), Ping);
        request.Headers.Host = hostHeader;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
        await AgentEndpointTests.AssertStillServesAsync(client);
    }

    [Theory]
    [InlineData("localhost", "http://localhost:3000")]
    [InlineData("agents.example.test", "https://agents.example.test")]
    [InlineData("[::1]", null)]
    public async Task Post_AllowedHostAndOrigin_IsServed(string hostHeader, string? origin)
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        using var http = new HttpClient();
        var request = McpPost(host.Mcp("jarvis"), Ping);
        request.Headers.Host = hostHeader;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_ForeignHost_IsStillAnsweredForProbes()
    {
        await using var host = await RunningHost.StartAsync(TestProjects.Project(TestProjects.Agent("jarvis")));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.AgentPath("jarvis", "/healthz"));
        request.Headers.Host = "10.1.2.3:8201";

        using var response = await http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string CallBody(string message) => new JsonObject
    {
        ["jsonrpc"] = "2.0",
        ["id"] = 1,
        ["method"] = "tools/call",
        ["params"] = new JsonObject { ["name"] = "send_message", ["arguments"] = new JsonObject { ["message"] = message } },
    }.ToJsonString();

    internal static HttpRequestMessage McpPost(Uri endpoint, string body) => McpWire.JsonPost(endpoint, body);
}
