using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pallas.Agents.Downstream;
using Pallas.Agents.Runtime;
using Pallas.Agents.Tests.Fakes;
using Pallas.Emulators;
using Pallas.Configuration.Settings;

namespace Pallas.Agents.Tests.Downstream;

public sealed class DownstreamServerPoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static DownstreamServerPool Pool(DownstreamPoolOptions? options, params (string Name, Uri Url, TimeSpan? ReadTimeout)[] servers) =>
        Pool(options, NullLoggerFactory.Instance, servers);

    private static DownstreamServerPool Pool(DownstreamPoolOptions? options, ILoggerFactory loggers, params (string Name, Uri Url, TimeSpan? ReadTimeout)[] servers) =>
        new(
            servers.ToDictionary(s => s.Name, s => new McpServerSettings { Name = s.Name, Transport = McpTransport.Http, Url = s.Url, ReadTimeout = s.ReadTimeout }),
            Path.GetTempPath(),
            loggers,
            options ?? new DownstreamPoolOptions { InitialBackoff = TimeSpan.FromMilliseconds(20) });

    [Fact]
    public async Task Start_ServerListedByTwoAgents_IsConnectedOnce()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var pool = Pool(null, ("everything", server.Url, null));

        pool.Start(["everything"]);
        pool.Start(["everything"]);
        await StartAsync(pool, "everything");

        Assert.Same(pool.Find("everything"), pool.Find("everything"));
        Assert.True(pool.Find("everything")!.IsConnected);
        Assert.Single(server.Methods, method => method == "tools/list");
        Assert.Equal(["block", "constant", "echo", "relay", "secret"], pool.Find("everything")!.Tools.Select(t => t.Name).Order());
        Assert.Equal("Use echo to repeat text.", pool.Find("everything")!.Instructions);
    }

    [Fact]
    public async Task Start_ServerThatNeverAnswers_IsBoundedAndDoesNotBlockOthers()
    {
        await using var silent = new SilentServer();
        await using var server = await DownstreamTestServer.StartAsync();
        // The timeout bounds the silent server; it is generous (10 s) so that the good one connects, and the silent one is
        // still on its first attempt, even on a loaded machine.
        await using var pool = Pool(new DownstreamPoolOptions { ConnectTimeout = TimeSpan.FromSeconds(10), InitialBackoff = TimeSpan.FromMinutes(10) },
            ("silent", silent.McpUrl, null), ("good", server.Url, null));

        pool.Start(["silent", "good"]);
        await pool.Find("good")!.WaitUntilConnectedAsync(Ct).WaitAsync(Bound, Ct);
        var (status, _, error) = await pool.Find("silent")!.PingAsync(Ct);

        // Start only begins: the silent server is still on its first attempt when the good one is connected.
        Assert.Equal(DownstreamServerStatus.Connecting, status);
        Assert.Equal("connecting (up to 10 s)", error);
        await pool.WaitForFirstAttemptsAsync(["silent"], Ct).WaitAsync(Bound, Ct);
        Assert.True(pool.Find("good")!.IsConnected);
        Assert.False(pool.Find("silent")!.IsConnected);
        Assert.Contains("did not connect within 10 s", pool.Find("silent")!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ServerDownAtStart_IsRetriedInTheBackgroundUntilItComesUp()
    {
        var server = await DownstreamTestServer.StartAsync();
        await server.KillAsync();
        await using (server)
        {
            await using var pool = Pool(null, ("late", server.Url, null));

            await StartAsync(pool, "late");
            var connection = pool.Find("late")!;
            Assert.False(connection.IsConnected);
            Assert.False(string.IsNullOrEmpty(connection.LastError));

            await server.RestartAsync();
            await connection.WaitUntilConnectedAsync(Ct).WaitAsync(Bound, Ct);

            Assert.True(connection.IsConnected);
            Assert.Null(connection.LastError);
            Assert.Equal(5, connection.Tools.Count);
        }
    }

    [Fact]
    public async Task Start_ServerDown_IsOneWarningOfOurs_NotTheSdkErrorToo()
    {
        var server = await DownstreamTestServer.StartAsync();
        await server.KillAsync();
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        await using var pool = Pool(new DownstreamPoolOptions { InitialBackoff = TimeSpan.FromMinutes(10) }, loggers, ("down", server.Url, null));

        await StartAsync(pool, "down");

        var logged = Assert.Single(logs.Records, record => record.Level >= LogLevel.Warning);
        Assert.Equal($"MCP server down failed to start: {pool.Find("down")!.LastError}; retrying in the background", logged.Message);
    }

    [Fact]
    public async Task CallToolAsync_SlowerThanReadTimeout_FailsThatCallOnly()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        // 2 s, not less: the echo after the timed-out call must fit in it on a loaded 2-core CI machine.
        await using var pool = Pool(null, ("slow", server.Url, TimeSpan.FromSeconds(2)));
        await StartAsync(pool, "slow");
        var connection = pool.Find("slow")!;

        var exception = await Assert.ThrowsAsync<DownstreamToolException>(() => connection.CallToolAsync("block", new Dictionary<string, object?>(), relay: null, Ct));
        var next = await connection.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "still here" }, relay: null, Ct);

        Assert.Contains("did not answer 'block' within 2 s (read_timeout_seconds)", exception.Message, StringComparison.Ordinal);
        Assert.Equal(new DownstreamToolResult("still here", false), next);
    }

    [Fact]
    public async Task Start_StdioCommandThatDoesNotExist_IsReportedNotThrown()
    {
        var settings = new McpServerSettings { Name = "missing", Transport = McpTransport.Stdio, Command = "pallas-no-such-mcp-server" };
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var pool = new DownstreamServerPool(
            new Dictionary<string, McpServerSettings> { ["missing"] = settings }, Path.GetTempPath(), loggers,
            new DownstreamPoolOptions { ConnectTimeout = TimeSpan.FromSeconds(10), InitialBackoff = TimeSpan.FromMinutes(10) });

        await StartAsync(pool, "missing");

        var connection = pool.Find("missing")!;
        Assert.Equal("stdio", connection.TransportName);
        Assert.False(connection.IsConnected);
        Assert.Equal("command not found: pallas-no-such-mcp-server (not on PATH; install it, or set mcp.servers.missing.command to its full path)", connection.LastError);
        // One line for the attempt, not the SDK's Win32Exception warning as well.
        var logged = Assert.Single(logs.Records, record => record.Level >= LogLevel.Warning);
        Assert.Equal($"MCP server missing failed to start: {connection.LastError}; retrying in the background", logged.Message);
        var failure = await Assert.ThrowsAsync<DownstreamToolException>(() => connection.CallToolAsync("anything", new Dictionary<string, object?>(), relay: null, Ct));
        Assert.StartsWith("MCP server 'missing' is unavailable:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_UnknownServer_ReturnsNull()
    {
        await using var pool = Pool(null);

        Assert.Null(pool.Find("nope"));
        await StartAsync(pool, "nope");
    }

    [Fact]
    public async Task ListToolsAsync_GivesEachServersToolsOrWhyItFailed_InTheOrderAsked()
    {
        await using var server = await DownstreamTestServer.StartAsync();
        await using var down = await DownstreamTestServer.StartAsync();
        await down.KillAsync();
        await using var pool = Pool(new DownstreamPoolOptions { InitialBackoff = TimeSpan.FromMinutes(10) }, ("up", server.Url, null), ("down", down.Url, null));

        var listings = await pool.ListToolsAsync(["down", "up", "nope"], Ct).WaitAsync(Bound, Ct);

        Assert.Equal(["down", "up", "nope"], listings.Select(listing => listing.Name));
        Assert.False(listings[0].Ok);
        Assert.Empty(listings[0].ToolNames);
        Assert.Equal(pool.Find("down")!.LastError, listings[0].Error);
        Assert.True(listings[1].Ok);
        Assert.Equal(["block", "constant", "echo", "relay", "secret"], listings[1].ToolNames.Order());
        Assert.Equal("'nope' is not defined under mcp.servers", listings[2].Error);
    }

    private static async Task StartAsync(DownstreamServerPool pool, params string[] names)
    {
        pool.Start(names);
        await pool.WaitForFirstAttemptsAsync(names, Ct).WaitAsync(Bound, Ct);
    }
}
