using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Pallas.Benchmarks.EchoServer;

/// <summary>The one tool of the baseline server: returns its input unchanged.</summary>
[McpServerToolType]
internal static class EchoTool
{
    [McpServerTool(Name = "echo"), Description("Echoes the message back.")]
    public static string Echo([Description("The text to echo.")] string message) => message;
}
