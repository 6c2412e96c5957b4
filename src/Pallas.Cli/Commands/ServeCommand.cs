using System.CommandLine;
using Microsoft.Extensions.Logging;
using Pallas.Agents.Downstream;
using Pallas.Agents.Runtime;
using Pallas.Agents.Telemetry;
using Pallas.Configuration.Project;
using Pallas.Hosting;
using Pallas.Hosting.Logging;
using Pallas.Providers.Preflight;

namespace Pallas.Cli.Commands;

/// <summary><c>pallas [--agent NAME]</c>: serve the registry and every agent (or one agent) until Ctrl-C / SIGTERM.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Agent = new("--agent")
    {
        Description = "Serve only this agent's MCP server (no registry): one process per agent deployments.",
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Agent);
        root.SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var directory = parseResult.GetRequiredValue(CliOptions.Project).FullName;
        var result = ProjectLoader.Load(directory, new ProjectLoadOptions { ExportDotEnv = true });
        if (result.Project is not { } project)
        {
            ProblemPrinter.Print(result, directory, parseResult.InvocationConfiguration.Error);
            return ExitCodes.ConfigurationError;
        }

        var metrics = new PallasMetrics();
        var loggerFactories = new List<ILoggerFactory>();
        ILoggerFactory LoggersFor(string component)
        {
            var factory = LoggerFactory.Create(logging =>
                logging.AddPallasLogging(PallasLogSettings.FromEnvironment(project.Deployment.Name, component, project.Settings.LogLevel)));
            lock (loggerFactories)
            {
                loggerFactories.Add(factory);
            }

            return factory;
        }

        try
        {
            await using var pool = new DownstreamServerPool(project.Settings.McpServers, project.Directory, LoggersFor("downstream"));
            using var http = new HttpClient();
            var options = new PallasHostOptions
            {
                AgentName = parseResult.GetValue(Agent),
                RuntimeFactory = agent => AgentRuntimeFactory.Create(project, agent, pool, metrics, LoggersFor(agent.Name)),
                Preflight = (model, ct) => ProviderPreflight.RunAsync(model, project.Settings, http, TimeProvider.System, ct),
                Metrics = metrics,
            };
            return await PallasHost.RunAsync(project, options, cancellationToken);
        }
        finally
        {
            foreach (var factory in loggerFactories)
            {
                factory.Dispose();
            }
        }
    }
}
