using System.CommandLine;

namespace Pallas.Cli.Commands;

/// <summary>
/// <c>pallas completion bash|zsh</c>: prints a shell function that asks <c>pallas</c> itself for completions through
/// System.CommandLine's <c>[suggest]</c> directive, so commands, options and agent arguments never go stale.
/// </summary>
internal static class CompletionCommand
{
    private const string BashScript = """
        _pallas_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(pallas "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _pallas_complete pallas
        """;

    // zsh runs the bash function through bashcompinit.
    private const string ZshScript = "autoload -U +X bashcompinit && bashcompinit\n" + BashScript;

    private static readonly Argument<string> Shell = new("shell")
    {
        Description = "The shell: bash or zsh. Add `eval \"$(pallas completion bash)\"` to ~/.bashrc (or zsh to ~/.zshrc).",
    };

    public static Command Create()
    {
        Shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print the shell completion script for bash or zsh.") { Shell };
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Output.WriteLine(parseResult.GetRequiredValue(Shell) == "zsh" ? ZshScript : BashScript);
            return ExitCodes.Ok;
        });
        return command;
    }
}
