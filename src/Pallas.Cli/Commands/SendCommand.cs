using System.CommandLine;
using Pallas.Configuration.Project;
using Pallas.Hosting.Client;

namespace Pallas.Cli.Commands;

/// <summary><c>pallas send AGENT MESSAGE [--url URL]</c>: call a running agent's <c>send_message</c> over MCP.</summary>
internal static class SendCommand
{
    private static readonly Argument<string> Agent = new("agent") { Description = "The agent's name in agents.yaml." };

    private static readonly Argument<string> Message = new("message") { Description = "The message to send." };

    private static readonly Option<Uri?> Url = new("--url")
    {
        Description = "The agent's MCP endpoint (default: from agents.yaml, http://localhost:<port>/mcp).",
    };

    public static Command Create()
    {
        var command = new Command("send", "Call a running agent's send_message and print the reply; progress goes to stderr.") { Agent, Message, Url };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var agent = parseResult.GetRequiredValue(Agent);
            var problem = "";
            var url = parseResult.GetValue(Url) ?? FindUrl(parseResult.GetRequiredValue(CliOptions.Project).FullName, agent, out problem);
            if (url is null)
            {
                error.WriteLine(problem);
                return ExitCodes.SendFailed;
            }

            try
            {
                var progress = new LineProgress(error);
                var reply = await AgentClient.SendAsync(url, parseResult.GetRequiredValue(Message), progress, cancellationToken);
                (reply.IsError ? error : output).WriteLine(reply.Text);
                return reply.IsError ? ExitCodes.SendFailed : ExitCodes.Ok;
            }
            catch (AgentClientException exception)
            {
                error.WriteLine(exception.Message);
                return ExitCodes.SendFailed;
            }
        });
        return command;
    }

    private static Uri? FindUrl(string directory, string agent, out string problem)
    {
        var project = ProjectLoader.Load(directory).Project;
        var definition = project?.FindAgent(agent);
        if (project is null || definition is null)
        {
            problem = project is null
                ? $"Cannot find agent '{agent}': the project in {directory} does not load (run `pallas check`); pass --url http://host:port/mcp instead."
                : $"No agent '{agent}' in agents.yaml; agents: {string.Join(", ", project.Agents.Select(a => a.Name))}.";
            return null;
        }

        problem = "";
        var bind = project.Deployment.Bind;
        var host = bind is "0.0.0.0" or "::" or "[::]" ? "localhost" : bind.Contains(':', StringComparison.Ordinal) ? $"[{bind}]" : bind;
        return new Uri($"http://{host}:{definition.Deployment.Port}/mcp");
    }

    // Progress<T> would post lines to the thread pool, out of order; these are written as they come.
    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine($"… {value}");
    }
}
