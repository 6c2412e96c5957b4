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
            // The next steps run from where they are printed: into the new directory first, then the plain commands.
            output.WriteLine($"Wrote a quickstart project to {directory}.");
            if (parseResult.GetValue(Target) is { } target)
            {
                output.WriteLine($"  cd {Quoted(target.ToString())}");
            }

            output.WriteLine("  pallas check                     # validate it");
            output.WriteLine("  pallas                           # serve it: registry on :8200, agents on :8201-8203");
            output.WriteLine("  pallas send jarvis \"hello\"       # talk to an agent (in another terminal, in the same directory)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Quoted(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;
}
