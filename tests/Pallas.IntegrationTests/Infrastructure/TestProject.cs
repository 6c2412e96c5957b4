using System.Net;
using System.Net.Sockets;

namespace Pallas.IntegrationTests.Infrastructure;

/// <summary>A temporary project directory with free loopback ports for the registry and its agents.</summary>
internal sealed class TestProject : IDisposable
{
    public TestProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), "pallas-it", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        RegistryPort = FreePort();
    }

    public string Directory { get; }

    public int RegistryPort { get; }

    public Uri RegistryUrl => new($"http://127.0.0.1:{RegistryPort}/");

    public TestProject With(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Copies a directory of the repository (e.g. examples/quickstart) into the project.</summary>
    public TestProject CopyFrom(string repositoryRelativePath)
    {
        var source = Path.Combine(Repository.Root, repositoryRelativePath);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            With(Path.GetRelativePath(source, file), File.ReadAllText(file));
        }

        return this;
    }

    public PallasProcess Start(IReadOnlyDictionary<string, string?>? environment = null, params string[] extraArgs) =>
        PallasProcess.Start(["--project", Directory, .. extraArgs], environment);

    /// <summary>A port that was free a moment ago (the OS picks it; the race with other processes is acceptable in tests).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
