using System.CommandLine;
using System.CommandLine.Parsing;
using Pallas.Configuration.Project;
using Pallas.Hosting.Client;

namespace Pallas.Cli.Commands;

/// <summary><c>pallas send AGENT [MESSAGE|-] [--url URL] [--token TOKEN]</c>: call a running agent's <c>send_message</c> over MCP.</summary>
internal static class SendCommand
{
    private const string FromStdin = "-";

    private static readonly Argument<string> Agent = new("agent") { Description = "The agent's name in agents.yaml." };

    // Optional so that a missing agent is reported once (System.CommandLine prints one line per missing argument), and so
    // that `echo hi | pallas send jarvis` works like `pallas send jarvis -`.
    private static readonly Argument<string?> Message = new("message")
    {
        Description = "The message to send; '-' (or nothing, when stdin is redirected) reads it from stdin.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<Uri?> Url = new("--url")
    {
        Description = "The agent's MCP endpoint (default: from agents.yaml, http://localhost:<port>/mcp).",
        HelpName = "url",
        CustomParser = ParseUrl,
    };

    private static readonly Option<string?> Token = new("--token")
    {
        Description = "Bearer token for an agent with auth: an API key or an access token (default: $PALLAS_TOKEN).",
        HelpName = "token",
    };

    /// <summary>Where the token comes from when --token is not given: keeps it out of shell history and process lists.</summary>
    public const string TokenVariable = "PALLAS_TOKEN";

    public static Command Create()
    {
        var command = new Command("send", "Call a running agent's send_message and print the reply; progress goes to stderr.") { Agent, Message, Url, Token, CliOptions.Project };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var agent = parseResult.GetRequiredValue(Agent);
            var message = await ReadMessageAsync(parseResult.GetValue(Message), cancellationToken);
            if (message is null)
            {
                error.WriteLine("No message: pass it as the second argument, or '-' to read it from stdin (pallas send AGENT MESSAGE).");
                return ExitCodes.Usage;
            }

            var problem = "";
            var url = parseResult.GetValue(Url) ?? FindUrl(parseResult.GetRequiredValue(CliOptions.Project).FullName, agent, out problem);
            if (url is null)
            {
                error.WriteLine(problem);
                return ExitCodes.SendFailed;
            }

            try
            {
                var progress = new LineProgress(error, TimeProvider.System);
                var token = parseResult.GetValue(Token) ?? (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } set ? set : null);
                var reply = await AgentClient.SendAsync(url, message, token, progress, cancellationToken);
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

    /// <summary>The message argument, stdin for '-' (or when it is absent and stdin is redirected), or null.</summary>
    internal static async Task<string?> ReadMessageAsync(string? argument, CancellationToken cancellationToken)
    {
        if (argument is not (null or FromStdin))
        {
            return argument;
        }

        if (argument is null && !Console.IsInputRedirected)
        {
            return null;
        }

        var text = (await Console.In.ReadToEndAsync(cancellationToken)).TrimEnd('\r', '\n');
        return text.Length > 0 ? text : null;
    }

    // System.CommandLine 2.0 has no built-in Uri conversion; without this parser every --url crashed with a stack trace.
    private static Uri? ParseUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        result.AddError($"--url '{text}' is not an http(s) URL; pass the agent's MCP endpoint, e.g. --url http://localhost:8201/mcp.");
        return null;
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

    /// <summary>
    /// Each progress line with the time since the call started, so a slow step (a throttling wait, a long tool) shows
    /// where the time goes. Progress&lt;T&gt; would post lines to the thread pool, out of order; these are written as they come.
    /// </summary>
    internal sealed class LineProgress(TextWriter writer, TimeProvider time) : IProgress<string>
    {
        private readonly long _start = time.GetTimestamp();

        public void Report(string value) => writer.WriteLine($"… {time.GetElapsedTime(_start).TotalSeconds,5:0.0} s  {value}");
    }
}
