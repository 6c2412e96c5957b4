using Pallas.Hosting;

namespace Pallas.Cli;

/// <summary>The process exit codes of <c>pallas</c>; documented in docs/operations.md.</summary>
internal static class ExitCodes
{
    /// <summary>Success; also a clean shutdown after Ctrl-C or SIGTERM.</summary>
    public const int Ok = PallasExitCodes.Ok;

    /// <summary>The command line was wrong (unknown option, missing argument).</summary>
    public const int Usage = 1;

    /// <summary>The project has configuration errors (<c>pallas check</c> lists them).</summary>
    public const int ConfigurationError = 2;

    /// <summary>A port could not be bound (in use, or not permitted).</summary>
    public const int PortUnavailable = PallasExitCodes.PortUnavailable;

    /// <summary>The server could not start for another reason (an unknown <c>--agent</c>, a bad bind address).</summary>
    public const int StartupFailed = PallasExitCodes.StartupFailed;

    /// <summary>
    /// <c>pallas check --online</c>: a provider preflight failed, an MCP server a card uses could not be reached, or a
    /// card's <c>tools:</c> entry matches none of its server's tools.
    /// </summary>
    public const int PreflightFailed = 5;

    /// <summary><c>pallas send</c>: the agent answered with an error, or could not be reached.</summary>
    public const int SendFailed = 6;

    /// <summary><c>pallas init</c>: the target directory already holds a project.</summary>
    public const int TargetExists = 7;
}
