using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Pallas.Configuration.Cards;

/// <summary>
/// An AgentCard instruction with fast-agent's placeholders: <c>{{currentDate}}</c>, <c>{{agentName}}</c>,
/// <c>{{serverInstructions}}</c>, <c>{{env}}</c>, <c>{{file:rel}}</c> and <c>{{file_silent:rel}}</c>; <c>\{{…}}</c> stays literal.
/// Files are read once, when the project is loaded, so a missing file is a configuration error rather than a failure
/// mid-call; the other placeholders are rendered for each call.
/// </summary>
public sealed partial class InstructionTemplate
{
    private readonly string _template;

    private InstructionTemplate(string template) => _template = template;

    /// <summary>Reads the template's files (relative to <paramref name="cardDirectory"/>) and keeps the rest for each call.</summary>
    /// <param name="template">The card's instruction.</param>
    /// <param name="cardDirectory">The folder of the card, against which <c>{{file:rel}}</c> paths resolve.</param>
    /// <param name="unreadable">
    /// Told of each <c>{{file:rel}}</c> whose file cannot be read, with the placeholder as written and the reason; the
    /// placeholder then renders as nothing.
    /// </param>
    public static InstructionTemplate Create(string template, string cardDirectory, Action<string, string>? unreadable = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new(Placeholder().Replace(template, match => match.Groups["escape"].Success ? match.Value : ReadFile(match, cardDirectory, unreadable)));
    }

    /// <summary>Renders the per-call placeholders.</summary>
    public string Render(string agentName, DateTimeOffset now, Func<string> serverInstructions, string workspaceRoot) =>
        Placeholder().Replace(_template, match =>
        {
            if (match.Groups["escape"].Success)
            {
                return match.Value[1..];
            }

            return match.Groups["name"].Value.Trim() switch
            {
                "currentDate" => now.ToString("dd MMMM yyyy", CultureInfo.InvariantCulture),
                "agentName" => agentName,
                "serverInstructions" => serverInstructions(),
                "env" => Environment(workspaceRoot),
                _ => match.Value,
            };
        });

    private static string ReadFile(Match match, string cardDirectory, Action<string, string>? unreadable)
    {
        var name = match.Groups["name"].Value.Trim();
        var silent = name.StartsWith("file_silent:", StringComparison.Ordinal);
        if (!silent && !name.StartsWith("file:", StringComparison.Ordinal))
        {
            return match.Value;
        }

        var relative = name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        try
        {
            return File.ReadAllText(Path.GetFullPath(relative, cardDirectory));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (!silent)
            {
                unreadable?.Invoke(match.Value, exception.Message);
            }

            return "";
        }
    }

    private static string Environment(string workspaceRoot) => $"""
        Environment:
        - Workspace root: {workspaceRoot}
        - Host platform: {RuntimeInformation.OSDescription}
        - Client: Pallas for .NET
        """;

    [GeneratedRegex(@"(?<escape>\\)?\{\{(?<name>[^{}]+)\}\}")]
    private static partial Regex Placeholder();
}
