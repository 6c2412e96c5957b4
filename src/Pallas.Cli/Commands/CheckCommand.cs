using System.CommandLine;
using Pallas.Configuration.Project;

namespace Pallas.Cli.Commands;

/// <summary><c>pallas check [--online]</c>: load and validate everything, print every problem at once.</summary>
internal static class CheckCommand
{
    private static readonly Option<bool> Online = new("--online")
    {
        Description = "Also run the provider preflight and connect every MCP server the cards use, checking their tools: allow-lists (costs no tokens).",
    };

    public static Command Create()
    {
        var command = new Command("check", "Validate the project and print every problem at once; exit non-zero if there is an error.") { CliOptions.Project, Online };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = parseResult.GetRequiredValue(CliOptions.Project).FullName;
            var online = parseResult.GetValue(Online);

            // Online, the stdio servers and providers run in this process's environment, so it gets the .env variables
            // as `pallas` serving does; offline nothing runs, and the environment is left alone.
            var result = ProjectLoader.Load(directory, new ProjectLoadOptions { ExportDotEnv = online });
            var output = parseResult.InvocationConfiguration.Output;
            ProblemPrinter.Print(result, directory, output);
            if (result.Project is not { } project)
            {
                return ExitCodes.ConfigurationError;
            }

            output.WriteLine($"OK: {project.Agents.Count} agent(s): {string.Join(", ", project.Agents.Select(a => $"{a.Name} ({a.Model}) on :{a.Deployment.Port}"))}; registry on :{project.Deployment.RegistryPort}.");
            if (!online)
            {
                return ExitCodes.Ok;
            }

            return await OnlineCheck.RunAsync(project, output, cancellationToken) ? ExitCodes.Ok : ExitCodes.PreflightFailed;
        });
        return command;
    }
}
