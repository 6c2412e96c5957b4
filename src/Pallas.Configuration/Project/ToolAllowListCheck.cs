using Pallas.Configuration.Cards;
using Pallas.Configuration.Diagnostics;

namespace Pallas.Configuration.Project;

/// <summary>
/// Checks the cards' <c>tools:</c> allow-lists against the tools their servers really advertise (<c>pallas check
/// --online</c>). An entry that matches nothing is otherwise silent: serving just offers the model fewer tools, so a
/// typo shows up only as an agent that cannot do its job. Pure: the caller connects the servers and passes what they
/// listed.
/// </summary>
public static class ToolAllowListCheck
{
    // Enough names to spot the intended one; a server with dozens of tools would otherwise bury the line.
    private const int ListedTools = 10;

    /// <summary>
    /// One error for each <c>tools:</c> pattern, of every card once (<see cref="PallasProject.AllCards"/>), that matches
    /// none of its server's tools; located at the card's <c>tools</c> line, with the server's tools and the closest one.
    /// </summary>
    /// <param name="project">The loaded project.</param>
    /// <param name="serverTools">
    /// The tool names each server advertised, by its <c>mcp.servers</c> name. A server not in it was not reached; its
    /// entries are not checked, since its failure is the problem to report.
    /// </param>
    public static IReadOnlyList<ConfigDiagnostic> Check(PallasProject project, IReadOnlyDictionary<string, IReadOnlyList<string>> serverTools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(serverTools);
        var diagnostics = new List<ConfigDiagnostic>();
        foreach (var card in project.AllCards())
        {
            var file = Path.GetRelativePath(project.Directory, card.SourcePath).Replace('\\', '/');
            var line = card.KeyLines.GetValueOrDefault("tools");
            foreach (var (server, patterns) in card.Tools)
            {
                if (!serverTools.TryGetValue(server, out var tools))
                {
                    continue;
                }

                foreach (var pattern in patterns.Distinct(StringComparer.Ordinal).Where(p => !tools.Any(tool => ToolPattern.Matches(p, tool))))
                {
                    diagnostics.Add(new ConfigDiagnostic(ConfigSeverity.Error, file, line, "tools", NoMatch(server, pattern, tools)));
                }
            }
        }

        return diagnostics;
    }

    private static string NoMatch(string server, string pattern, IReadOnlyList<string> tools)
    {
        var listed = tools.Count == 0 ? "it has no tools" : $"its tools are {List(tools)}";
        return Suggest(pattern, tools) is { } suggestion
            ? $"'{server}' has no tool matching '{pattern}'; {listed} (did you mean '{suggestion}'?)"
            : $"'{server}' has no tool matching '{pattern}'; {listed}.";
    }

    private static string List(IReadOnlyList<string> tools) =>
        tools.Count <= ListedTools
            ? string.Join(", ", tools)
            : $"{string.Join(", ", tools.Take(ListedTools))}, … and {tools.Count - ListedTools} more";

    // A wildcard is compared with the tools' prefixes: each up to a separator ('write_*' of write_file, so 'writ_*'
    // suggests it) and each as long as the pattern's own (for a prefix that stops mid-word).
    private static string? Suggest(string pattern, IReadOnlyList<string> tools)
    {
        if (!ToolPattern.IsWildcard(pattern))
        {
            return Spelling.Closest(pattern, tools);
        }

        var length = pattern.Length - 1;
        var prefixes = new List<string>();
        foreach (var tool in tools)
        {
            for (var i = 0; i < tool.Length; i++)
            {
                if (tool[i] is '_' or '-' or '.' or '/')
                {
                    prefixes.Add(tool[..(i + 1)] + "*");
                }
            }

            if (length > 0 && tool.Length >= length)
            {
                prefixes.Add(tool[..length] + "*");
            }
        }

        return Spelling.Closest(pattern, prefixes.Distinct(StringComparer.Ordinal));
    }
}
