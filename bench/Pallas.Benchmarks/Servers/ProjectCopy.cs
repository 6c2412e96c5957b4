using System.Globalization;
using System.Text.RegularExpressions;

namespace Pallas.Benchmarks.Servers;

/// <summary>
/// A throw-away copy of a Pallas project whose agents.yaml ports are shifted by a fixed offset, so a benchmark never
/// collides with a quickstart or a test someone else is running on the documented ports. Deleted on dispose.
/// </summary>
internal sealed partial class ProjectCopy : IDisposable
{
    private ProjectCopy(string directory, int registryPort, IReadOnlyList<int> agentPorts)
    {
        Directory = directory;
        RegistryPort = registryPort;
        AgentPorts = agentPorts;
    }

    public string Directory { get; }

    public int RegistryPort { get; }

    /// <summary>The agents' MCP ports, in agents.yaml order.</summary>
    public IReadOnlyList<int> AgentPorts { get; }

    public static ProjectCopy Create(string source, int portOffset)
    {
        var agentsFile = Path.Combine(source, "agents.yaml");
        if (!File.Exists(agentsFile))
        {
            throw new BenchmarkException($"{source} has no agents.yaml.");
        }

        var target = Path.Combine(Path.GetTempPath(), "pallas-bench-" + Guid.NewGuid().ToString("N")[..8]);
        CopyDirectory(source, target);

        int? registry = null;
        var agents = new List<int>();
        var text = PortLine().Replace(File.ReadAllText(agentsFile), match =>
        {
            var port = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) + portOffset;
            if (match.Groups["key"].Value == "registry_port")
            {
                registry = port;
            }
            else
            {
                agents.Add(port);
            }

            return match.Groups["head"].Value + port.ToString(CultureInfo.InvariantCulture);
        });
        File.WriteAllText(Path.Combine(target, "agents.yaml"), text);
        return registry is null || agents.Count == 0
            ? throw new BenchmarkException($"{agentsFile}: expected registry_port and at least one agent port.")
            : new ProjectCopy(target, registry.Value, agents);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; the benchmark result matters more than the cleanup.
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in System.IO.Directory.EnumerateDirectories(source))
        {
            CopyDirectory(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }

    [GeneratedRegex(@"^(?<head>\s*(?<key>registry_port|port):\s*)(?<port>\d+)", RegexOptions.Multiline)]
    private static partial Regex PortLine();
}
