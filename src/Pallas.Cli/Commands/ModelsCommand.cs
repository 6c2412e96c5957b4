using System.CommandLine;
using Pallas.Configuration.Models;

namespace Pallas.Cli.Commands;

/// <summary><c>pallas models</c>: the built-in model database.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the built-in model database with capabilities.");
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"{"MODEL",-24} {"VISION",-7} {"CONTEXT",10} {"MAX OUTPUT",11}  IDS (bedrock ids also take us./eu./apac./global. prefixes)");
            foreach (var entry in ModelDatabase.Entries)
            {
                var c = entry.Capabilities;
                output.WriteLine($"{entry.DisplayName,-24} {(c.Vision ? "yes" : "no"),-7} {c.ContextWindow,10} {c.MaxOutputTokens,11}  {string.Join(", ", entry.Ids)}");
            }

            output.WriteLine();
            output.WriteLine("Any other model works too: describe it with a model_capabilities block (see docs/configuration.md).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
