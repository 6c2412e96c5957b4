namespace Pallas.Cli.Tests;

/// <summary>The npm test tools (tests/js), installed by the build of Pallas.Emulators from the committed lockfile.</summary>
internal static class NodeTools
{
    /// <summary>The <c>@modelcontextprotocol/server-everything</c> entry point (run as <c>node … stdio</c>).</summary>
    public static string ServerEverything { get; } = Path.Combine(FindRoot(), "tests", "js", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pallas.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Pallas.slnx not found above the test binaries.");
    }
}
