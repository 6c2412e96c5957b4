using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
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

        Assert.False(response.IsSuccessStatusCode);
        Assert.Empty(host.Runtimes["jarvis"].Requests);
        await using var client = await McpTestClient.ConnectAsync(host.Mcp("jarvis"));
        await AgentEndpointTests.AssertStillServesAsync(client);
    }

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

    internal static HttpRequestMessage McpPost(Uri endpoint, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }
}
