using System.Globalization;
using Pallas.Benchmarks.EchoServer;

// The bare server a user of the MCP C# SDK would write: no logging beyond warnings (so the console is not the
// bottleneck), stateless Streamable HTTP, Kestrel on loopback, plus /healthz for the harness to wait on.
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8300;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
builder.Services
    .AddMcpServer(mcp => mcp.ServerInfo = new() { Name = "echo", Version = "0.1.0" })
    .WithHttpTransport(http => http.Stateless = true)
    .WithTools([typeof(EchoTool)]);

var app = builder.Build();
app.MapMcp("/mcp");
app.MapGet("/healthz", () => "ok");
await app.RunAsync();
