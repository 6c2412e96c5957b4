using Microsoft.Extensions.Logging.Abstractions;
using Pallas.Agents.Downstream;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Providers.Preflight;

namespace Pallas.Cli.Commands;

/// <summary>
/// <c>pallas check --online</c>: the startup preflight of every provider in use, then every MCP server the cards use,
/// connected as serving connects it, with each card's <c>tools:</c> allow-list checked against the tools it lists.
/// One line per provider and server, then the allow-list problems as <c>pallas check</c> prints problems.
/// </summary>
internal static class OnlineCheck
{
    public static async Task<bool> RunAsync(PallasProject project, TextWriter output, CancellationToken cancellationToken)
    {
        var servers = project.AllCards().SelectMany(card => card.Servers).Distinct(StringComparer.Ordinal).ToList();

        // The pool serving uses, so transports, timeouts and errors are the same; its log lines would only repeat the
        // FAILED line printed here. Disposing it stops the stdio servers it started.
        await using var pool = new DownstreamServerPool(project.Settings.McpServers, project.Directory, NullLoggerFactory.Instance);

        // The servers start while the providers are checked (as at start-up), so a slow server costs no extra time.
        pool.Start(servers);
        var providersOk = await CheckProvidersAsync(project, output, cancellationToken);
        var serversOk = await CheckServersAsync(project, pool, servers, output, cancellationToken);
        return providersOk && serversOk;
    }

    private static async Task<bool> CheckProvidersAsync(PallasProject project, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var ok = true;
        var models = project.Agents.Select(a => a.Model).Distinct();
        foreach (var group in models.GroupBy(m => m.Provider))
        {
            foreach (var model in group)
            {
                var result = await ProviderPreflight.RunAsync(model, project.Settings, http, TimeProvider.System, cancellationToken);
                if (result is null)
                {
                    output.WriteLine(model.Provider.IsOffline()
                        ? $"{model}: offline model, nothing to check."
                        : $"{model}: no preflight for {model.Provider.ToConfigName()}; credentials are checked on the first call.");
                    break;
                }

                ok &= result.Ok;
                output.WriteLine($"{model}: {(result.Ok ? "ok" : "FAILED")}: {result.Detail}");
            }
        }

        return ok;
    }

    private static async Task<bool> CheckServersAsync(PallasProject project, DownstreamServerPool pool, List<string> servers, TextWriter output, CancellationToken cancellationToken)
    {
        if (servers.Count == 0)
        {
            return true;
        }

        var listings = await pool.ListToolsAsync(servers, cancellationToken);
        foreach (var listing in listings)
        {
            var count = listing.ToolNames.Count;
            output.WriteLine(listing.Ok
                ? $"server {listing.Name}: {count} tool{(count == 1 ? "" : "s")}"
                : $"server {listing.Name}: FAILED: {listing.Error}");
        }

        var reached = listings.Where(listing => listing.Ok).ToDictionary(listing => listing.Name, listing => listing.ToolNames, StringComparer.Ordinal);
        var problems = ToolAllowListCheck.Check(project, reached);
        ProblemPrinter.Print(problems, project.Directory, output);
        return listings.All(listing => listing.Ok) && problems.Count == 0;
    }
}
