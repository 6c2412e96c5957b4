using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Pallas.Agents.Tests.Fakes;

/// <summary>
/// A real downstream MCP server (ModelContextProtocol.AspNetCore, Streamable HTTP) on 127.0.0.1, with tools the
/// tests drive: echo, a constant answer, a tool that blocks until the server is killed, a tool that behaves like a
/// downstream Pallas agent relaying an assistant chunk, and header capture.
/// </summary>
internal sealed class DownstreamTestServer : IAsyncDisposable
{
    private WebApplication? _app;

    private DownstreamTestServer()
    {
    }

    /// <summary>The Authorization header (or "") of each <c>tools/call</c> POST, in arrival order.</summary>
    public ConcurrentQueue<string> ToolCallAuthorizations { get; } = new();

    /// <summary>The JSON-RPC method of every POST, in arrival order.</summary>
    public ConcurrentQueue<string> Methods { get; } = new();

    /// <summary>Completed when the <c>block</c> tool has started running.</summary>
    public TaskCompletionSource BlockEntered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a call of <c>block</c> is cancelled by its client (not when the server dies).</summary>
    public TaskCompletionSource BlockCancelled { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port}/mcp");

    /// <summary>The legacy HTTP+SSE endpoint (served only when the server keeps sessions).</summary>
    public Uri SseUrl => new($"http://127.0.0.1:{Port}/mcp/sse");

    public string Instructions { get; init; } = "Use echo to repeat text.";

    /// <summary>When set, <c>initialize</c> is held until it completes: a server that is slow to start.</summary>
    public TaskCompletionSource? HoldInitialize { get; set; }

    /// <summary>Stateless serves Streamable HTTP only; with sessions the legacy SSE endpoints are mapped too.</summary>
    public bool Stateless { get; init; } = true;

    public static async Task<DownstreamTestServer> StartAsync(int port = 0, string instructions = "Use echo to repeat text.", bool stateless = true)
    {
        var server = new DownstreamTestServer { Instructions = instructions, Stateless = stateless };
        await server.StartOnAsync(port);
        return server;
    }

    /// <summary>Stops the server abruptly (in-flight calls are aborted), as if the process died.</summary>
    public async Task KillAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(TestContext.Current.CancellationToken);
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts again on the same port, like a supervisor restarting the process.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        BlockEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        BlockCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await StartOnAsync(Port);
    }

    public ValueTask DisposeAsync() => new(KillAsync());

    private static string? Method(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && document.RootElement.TryGetProperty("method", out var method)
                ? method.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    // What a downstream Pallas agent called by a Pallas agent sends: a schema_version 3 chunk naming itself in
    // via_agent, echoing the caller's parent_call_id, with the caller's relay id in the notification's _meta; then a
    // result whose _meta counts the chunks sent.
    private static async Task<CallToolResult> RelayAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var meta = context.Params?.Meta;
        if (meta?["pallas/relay_id"] is null)
        {
            return new CallToolResult { Content = [new TextContentBlock { Text = "no relay requested" }] };
        }

        var data = new JsonObject
        {
            ["kind"] = "assistant_chunk",
            ["schema_version"] = 3,
            ["agent"] = "research",
            ["conversation_id"] = null,
            ["iteration"] = 1,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "looking it up" }),
            ["stop_reason"] = "endTurn",
            ["via_agent"] = new JsonArray("research"),
            ["parent_call_id"] = meta["pallas/parent_call_id"]?.DeepClone(),
        };
#pragma warning disable MCP9005 // The relay rides on logging notifications, as Pallas agents send them.
        await context.Server.SendNotificationAsync(NotificationMethods.LoggingMessageNotification, new LoggingMessageNotificationParams
        {
            Level = LoggingLevel.Info,
            Logger = "pallas.assistant",
            Data = JsonSerializer.SerializeToElement(data),
            Meta = new JsonObject { ["pallas/relay_id"] = meta["pallas/relay_id"]!.DeepClone() },
        }, cancellationToken: cancellationToken);
#pragma warning restore MCP9005
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = "research answered" }],
            Meta = new JsonObject { ["pallas/relayed_chunks"] = 1 },
        };
    }

    private async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromMilliseconds(200));
        builder.Services
            .AddMcpServer(options => options.ServerInstructions = Instructions)
            .WithHttpTransport(options =>
            {
                options.Stateless = Stateless;
#pragma warning disable MCP9004 // Obsolete legacy SSE: exactly the old transport this fake must serve to test the client side.
                options.EnableLegacySse = !Stateless;
#pragma warning restore MCP9004
            })
            .WithTools(
            [
                McpServerTool.Create((string text) => text, new() { Name = "echo", Description = "Returns the text." }),
                McpServerTool.Create(() => "always the same", new() { Name = "constant", Description = "Returns a constant." }),
                McpServerTool.Create(() => "secret data", new() { Name = "secret", Description = "Filtered out by tests." }),
                McpServerTool.Create(async (CancellationToken cancellationToken) =>
                {
                    BlockEntered.TrySetResult();
                    using var cancelled = cancellationToken.Register(() => BlockCancelled.TrySetResult());
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                    return "never";
                }, new() { Name = "block", Description = "Blocks until the server dies." }),
                McpServerTool.Create(RelayAsync, new() { Name = "relay", Description = "Sends one assistant chunk the way a Pallas agent does for a Pallas caller." }),
            ]);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                context.Request.Body.Position = 0;
                if (Method(body) is { } method)
                {
                    Methods.Enqueue(method);
                    if (method == "initialize" && HoldInitialize is { } hold)
                    {
                        await hold.Task.WaitAsync(context.RequestAborted);
                    }
                }

                if (body.Contains("\"tools/call\"", StringComparison.Ordinal))
                {
                    ToolCallAuthorizations.Enqueue(context.Request.Headers.Authorization.ToString());
                }
            }

            await next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }
}
