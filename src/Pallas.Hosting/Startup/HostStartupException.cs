namespace Pallas.Hosting.Startup;

/// <summary>A startup failure with a one-line message for the user and the exit code to leave with.</summary>
internal sealed class HostStartupException(string message, int exitCode, Exception? innerException = null) : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
