using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Providers.Preflight;

namespace Pallas.Cli.Commands;

/// <summary><c>pallas check --online</c>: the startup preflight of every provider in use, printed one line each.</summary>
internal static class OnlineCheck
{
    public static async Task<bool> RunAsync(PallasProject project, TextWriter output, CancellationToken cancellationToken)
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
}
