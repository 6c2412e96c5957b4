namespace Pallas.Cli;

/// <summary>The process exit codes of <c>pallas</c>; documented in docs/operations.md.</summary>
internal static class ExitCodes
{
    /// <summary>Success; also a clean shutdown after Ctrl-C or SIGTERM.</summary>
    public const int Ok = 0;

    /// <summary>The command line was wrong (unknown option, missing argument).</summary>
    public const int Usage = 1;

    /// <summary>The project has configuration errors (<c>pallas check</c> lists them).</summary>
    public const int ConfigurationError = 2;

    /// <summary>The server could not start (a port in use, an unknown <c>--agent</c>).</summary>
    public const int StartupError = 3;

    /// <summary><c>pallas check --online</c>: a provider preflight failed.</summary>
    public const int PreflightFailed = 4;

    /// <summary><c>pallas send</c>: the agent answered with an error, or could not be reached.</summary>
    public const int SendFailed = 5;

    /// <summary><c>pallas init</c>: the target directory already holds a project.</summary>
    public const int TargetExists = 6;
}
