using System.CommandLine;

namespace Pallas.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    /// <summary>
    /// <c>--project DIR</c>: the project directory (default: the working directory). Added to the commands that read a
    /// project (serve, check, send) rather than made recursive, so <c>init</c> and <c>models</c> do not offer it.
    /// </summary>
    public static readonly Option<DirectoryInfo> Project = new("--project", "-p")
    {
        Description = "The project directory (default: the working directory). PALLAS_AGENTS_CONFIG may name the agents.yaml file.",
        DefaultValueFactory = _ => new DirectoryInfo(Directory.GetCurrentDirectory()),
    };
}
