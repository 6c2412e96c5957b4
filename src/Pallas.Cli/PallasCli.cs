using System.CommandLine;
using Pallas.Cli.Commands;

namespace Pallas.Cli;

/// <summary>The <c>pallas</c> command tree.</summary>
internal static class PallasCli
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Pallas: serve LLM agents as MCP servers, with a registry, health and metrics.")
        {
            CliOptions.Project,
            CheckCommand.Create(),
            SendCommand.Create(),
            InitCommand.Create(),
            ModelsCommand.Create(),
            CompletionCommand.Create(),
        };
        ServeCommand.AddTo(root);
        RootHelpAction.Install(root);
        return root;
    }
}
