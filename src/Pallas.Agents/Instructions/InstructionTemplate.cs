using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Pallas.Agents.Instructions;

/// <summary>
/// An AgentCard instruction with fast-agent's placeholders: <c>{{currentDate}}</c>, <c>{{agentName}}</c>,
/// <c>{{serverInstructions}}</c>, <c>{{env}}</c>, <c>{{file:rel}}</c> and <c>{{file_silent:rel}}</c>; <c>\{{…}}</c> stays literal.
/// Files are read once, when the agent is created, so a missing file fails at startup rather than mid-call.
/// </summary>
internal sealed partial class InstructionTemplate
{
    private readonly string _template;

    private InstructionTemplate(string template) => _template = template;

    /// <summary>Reads the template's files (relative to <paramref name="cardDirectory"/>) and keeps the rest for each call.</summary>
    /// <exception cref="InvalidOperationException">A <c>{{file:rel}}</c> names a file that cannot be read.</exception>
    public static InstructionTemplate Create(string template, string cardDirectory) =>
        new(Placeholder().Replace(template, match => match.Groups["escape"].Success ? match.Value : ReadFile(match, cardDirectory)));

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

    private static string ReadFile(Match match, string cardDirectory)
    {
        var name = match.Groups["name"].Value.Trim();
        var silent = name.StartsWith("file_silent:", StringComparison.Ordinal);
        if (!silent && !name.StartsWith("file:", StringComparison.Ordinal))
        {
            return match.Value;
        }

        var relative = name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        var path = Path.GetFullPath(relative, cardDirectory);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return silent ? "" : throw new InvalidOperationException(
                $"The instruction placeholder {{{{file:{relative}}}}} names '{path}', which cannot be read: {exception.Message}", exception);
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
