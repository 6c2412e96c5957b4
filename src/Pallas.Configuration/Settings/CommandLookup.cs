namespace Pallas.Configuration.Settings;

/// <summary>
/// Finds the program a stdio server's <c>command</c> names, the way the process start will: a name with a slash is a
/// path (relative to the server's working directory), any other name is searched on <c>PATH</c>.
/// </summary>
public static class CommandLookup
{
    /// <summary>The full path of the program, or <see langword="null"/> when there is none to run.</summary>
    /// <param name="command">The <c>command</c> as configured.</param>
    /// <param name="workingDirectory">Where the server runs; base of a relative path.</param>
    /// <param name="path">The search path; the process's <c>PATH</c> when <see langword="null"/>.</param>
    public static string? Find(string command, string workingDirectory, string? path = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.Contains('/', StringComparison.Ordinal) || Path.IsPathRooted(command))
        {
            var full = Path.GetFullPath(command, workingDirectory);
            return IsProgram(full) ? full : null;
        }

        return (path ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(IsProgram);
    }

    /// <summary>The one-line reason a command cannot be started, naming the key to fix.</summary>
    public static string NotFound(string serverName, string command) =>
        command.Contains('/', StringComparison.Ordinal)
            ? $"command not found: {command} (no such executable file; fix mcp.servers.{serverName}.command)"
            : $"command not found: {command} (not on PATH; install it, or set mcp.servers.{serverName}.command to its full path)";

    private static bool IsProgram(string file) =>
        File.Exists(file)
        && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
