using System.Globalization;

namespace Pallas.Benchmarks.Servers;

/// <summary>
/// The servers the benchmarks start, each on a fixed loopback port in the 18xxx range (away from the 82xx ports the
/// quickstart and the tests use). The bench projects under bench/projects name the same ports.
/// </summary>
internal static class Targets
{
    public const int BareEchoPort = 18300;
    public const int TsEchoPort = 18310;
    public const int DownstreamEchoPort = 18320;
    public const int PassthroughRegistryPort = 18400, PassthroughAgentPort = 18401;
    public const int ToolLoopRegistryPort = 18410, ToolLoopAgentPort = 18411;

    /// <summary>The payload every throughput run sends: short, so the numbers show per-call overhead, not bytes.</summary>
    public const string Message = "hello";

    public static readonly IReadOnlyDictionary<string, object?> EchoArguments = new Dictionary<string, object?> { ["message"] = Message };

    public static ServerSpec BareCSharp(int port = BareEchoPort, string name = "bare C# SDK") => new(
        name,
        "dotnet",
        [RepoPaths.Require(RepoPaths.EchoServerDll, "dotnet build -c Release bench/Pallas.Benchmarks.EchoServer"), Port(port)],
        Local(port, "/healthz"),
        Local(port, "/mcp"),
        "echo",
        EchoArguments);

    public static ServerSpec TypeScript(int port = TsEchoPort)
    {
        var script = RepoPaths.Require(RepoPaths.TsEchoServer, "git checkout bench/ts-echo");
        RepoPaths.Require(Path.Combine(RepoPaths.Bench, "ts-echo", "node_modules", "@modelcontextprotocol", "sdk", "package.json"), "npm ci --prefix bench/ts-echo");
        return new("TypeScript SDK", "node", [script, Port(port)], Local(port, "/healthz"), Local(port, "/mcp"), "echo", EchoArguments)
        {
            WorkingDirectory = Path.GetDirectoryName(script),
        };
    }

    /// <summary>A Pallas project started with the real CLI (Release build); health is the registry's /healthz.</summary>
    public static ServerSpec Pallas(string name, string projectDirectory, int registryPort, int agentPort, IReadOnlyDictionary<string, object?> sendMessageArguments) => new(
        name,
        "dotnet",
        [RepoPaths.Require(RepoPaths.PallasDll, "dotnet build -c Release src/Pallas.Cli"), "--project", projectDirectory],
        Local(registryPort, "/healthz"),
        Local(agentPort, "/mcp"),
        "send_message",
        sendMessageArguments)
    {
        WorkingDirectory = projectDirectory,
        // Not a terminal: Pallas logs JSON lines, as it would under a process supervisor.
        Environment = new Dictionary<string, string> { ["PALLAS_LOG_FORMAT"] = "json" },
    };

    public static ServerSpec PallasPassthrough() => Pallas(
        "Pallas passthrough",
        Path.Combine(RepoPaths.Projects, "passthrough"),
        PassthroughRegistryPort,
        PassthroughAgentPort,
        EchoArguments);

    /// <summary>One tool call per turn: the passthrough model calls <c>echo__echo</c> on the downstream bare server.</summary>
    public static ServerSpec PallasToolLoop() => Pallas(
        "Pallas tool loop",
        Path.Combine(RepoPaths.Projects, "toolloop"),
        ToolLoopRegistryPort,
        ToolLoopAgentPort,
        new Dictionary<string, object?> { ["message"] = $$"""***CALL_TOOL echo__echo {"message": "{{Message}}"}""" });

    public static Uri Local(int port, string path) => new($"http://127.0.0.1:{Port(port)}{path}");

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
