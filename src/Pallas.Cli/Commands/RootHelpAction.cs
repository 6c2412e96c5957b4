using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Pallas.Cli.Commands;

/// <summary>
/// The root's <c>--help</c>: System.CommandLine's own text, except that its command list shows optional arguments as
/// optional (<c>init [&lt;dir&gt;]</c>, as each command's own usage line does; the built-in list ignores arity and its
/// help builder is not public). Help for a subcommand is left to the built-in action.
/// </summary>
internal sealed class RootHelpAction(HelpAction builtIn) : SynchronousCommandLineAction
{
    private const string CommandsHeading = "Commands:";

    public override bool ClearsParseErrors => builtIn.ClearsParseErrors;

    /// <summary>Puts this action on the help option of <paramref name="root"/>.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new RootHelpAction((HelpAction)help.Action!);
    }

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command is not RootCommand root)
        {
            return builtIn.Invoke(parseResult);
        }

        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        using var text = new StringWriter();
        configuration.Output = text;
        int exitCode;
        try
        {
            exitCode = builtIn.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }

        var help = text.ToString();
        var start = help.IndexOf(CommandsHeading, StringComparison.Ordinal);
        output.Write(start < 0 ? help : help[..start] + CommandList(root));
        return exitCode;
    }

    private static string CommandList(RootCommand root)
    {
        var rows = root.Subcommands.Where(command => !command.Hidden)
            .Select(command => (Label: string.Join(' ', [command.Name, .. command.Arguments.Where(a => !a.Hidden).Select(Usage)]), command.Description))
            .ToList();
        var width = rows.Max(row => row.Label.Length) + 2;
        using var list = new StringWriter();
        list.WriteLine(CommandsHeading);
        foreach (var (label, description) in rows)
        {
            list.WriteLine($"  {label.PadRight(width)}{description}");
        }

        list.WriteLine();
        return list.ToString();
    }

    // As the built-in labels them (<bash|zsh> for a closed set of values, else <name>), in brackets when optional.
    private static string Usage(Argument argument)
    {
        // Only a declared set of values (AcceptOnlyFromAmong): other completions may read the disk or the project.
        List<string> values = argument.CompletionSources.Count > 0 ? [.. argument.GetCompletions(CompletionContext.Empty).Select(item => item.Label)] : [];
        var label = $"<{(values.Count > 0 ? string.Join('|', values) : argument.Name)}>";
        return argument.Arity.MinimumNumberOfValues == 0 ? $"[{label}]" : label;
    }
}
