using System.CommandLine;
using Pallas.Cli.Init;

namespace Pallas.Cli.Commands;

/// <summary><c>pallas init [DIR]</c>: write a quickstart project that runs offline.</summary>
internal static class InitCommand
{
    private static readonly Argument<DirectoryInfo?> Target = new("dir")
    {
        Description = "Where to write the project (default: the working directory).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create()
    {
        var command = new Command("init", "Write a working quickstart project (three agents on the offline passthrough model).") { Target };
        command.SetAction(parseResult =>
        {
            var directory = parseResult.GetValue(Target)?.FullName ?? Directory.GetCurrentDirectory();
            var output = parseResult.InvocationConfiguration.Output;
            var clashes = QuickstartTemplate.Files.Keys.Where(f => File.Exists(Path.Combine(directory, f))).ToList();
            if (clashes.Count > 0)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(
                    $"{directory} already has {string.Join(", ", clashes)}; nothing was written. Choose an empty directory: pallas init DIR");
                return ExitCodes.TargetExists;
            }

            QuickstartTemplate.WriteTo(directory);
            var shown = parseResult.GetValue(Target)?.ToString() ?? ".";
            output.WriteLine($"Wrote a quickstart project to {directory}.");
            output.WriteLine($"  pallas check --project {shown}     # validate it");
            output.WriteLine($"  pallas --project {shown}           # serve it: registry on :8200, agents on :8201-8203");
            output.WriteLine("  pallas send jarvis \"hello\"        # talk to an agent (in another terminal)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
