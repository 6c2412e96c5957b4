namespace Pallas.Benchmarks.Servers;

/// <summary>Where the things under test live, found from the repository root (the folder holding Pallas.slnx).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Bench => Path.Combine(Root, "bench");

    public static string Results => Path.Combine(Bench, "results");

    /// <summary>The built <c>pallas</c> CLI (Release): <c>dotnet build -c Release src/Pallas.Cli</c>.</summary>
    public static string PallasDll => Path.Combine(Root, "src", "Pallas.Cli", "bin", "Release", "net10.0", "pallas.dll");

    /// <summary>The bare MCP C# SDK echo server: <c>dotnet build -c Release bench/Pallas.Benchmarks.EchoServer</c>.</summary>
    public static string EchoServerDll =>
        Path.Combine(Bench, "Pallas.Benchmarks.EchoServer", "bin", "Release", "net10.0", "Pallas.Benchmarks.EchoServer.dll");

    /// <summary>The TypeScript MCP SDK echo server: <c>npm ci --prefix bench/ts-echo</c>.</summary>
    public static string TsEchoServer => Path.Combine(Bench, "ts-echo", "server.mjs");

    /// <summary>The Bedrock Runtime emulator: <c>dotnet build -c Release tests/Pallas.Emulators</c>.</summary>
    public static string EmulatorsDll => Path.Combine(Root, "tests", "Pallas.Emulators", "bin", "Release", "net10.0", "Pallas.Emulators.dll");

    public static string Projects => Path.Combine(Bench, "projects");

    public static string Quickstart => Path.Combine(Root, "examples", "quickstart");

    /// <summary>Fails with the command that builds <paramref name="path"/> when it is missing.</summary>
    public static string Require(string path, string buildHint) =>
        File.Exists(path) ? path : throw new BenchmarkException($"{path} not found: run `{buildHint}` first.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pallas.slnx")))
            {
                return dir.FullName;
            }
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pallas.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new BenchmarkException("Pallas.slnx not found above the benchmark or the working directory: run from the repository.");
    }
}
