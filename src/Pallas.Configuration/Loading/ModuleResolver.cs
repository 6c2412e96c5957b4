using Pallas.Configuration.Cards;

namespace Pallas.Configuration.Loading;

/// <summary>
/// Resolves <c>module: agents.jarvis</c> to <c>agents/jarvis.md</c>, <c>.yaml</c>, <c>.yml</c> or the folder
/// <c>agents/jarvis/</c>; in a folder the exposed card is the one with <c>default: true</c>, else the one named like
/// the folder, and the others are its sub-agents.
/// </summary>
internal sealed class ModuleResolver(string projectDirectory, CardReader cards, DiagnosticBag diagnostics)
{
    private static readonly string[] FileExtensions = [".md", ".yaml", ".yml"];

    public (AgentCard Card, Dictionary<string, AgentCard> SubCards)? Resolve(string module, YamlLocation at)
    {
        var relative = module.Replace('.', Path.DirectorySeparatorChar);
        var basePath = Path.Combine(projectDirectory, relative);
        foreach (var extension in FileExtensions)
        {
            if (File.Exists(basePath + extension))
            {
                return cards.Read(basePath + extension, Display(basePath + extension)) is { } card ? (card, new Dictionary<string, AgentCard>()) : null;
            }
        }

        if (Directory.Exists(basePath))
        {
            return ResolveFolder(basePath, at);
        }

        if (File.Exists(basePath + ".py"))
        {
            diagnostics.Error(at, $"module '{module}' is {Display(basePath)}.py, a Python (fast-agent) module; Pallas reads AgentCards. Turn its @fast.agent definition into {Display(basePath)}.md as docs/agents.md (\"From a Python module to a card\") shows.");
            return null;
        }

        var tried = string.Join(", ", FileExtensions.Append("/").Select(e => Display(basePath) + e));
        diagnostics.Error(at, $"module '{module}' resolves to no AgentCard; tried {tried}. Create one of them (docs/agents.md shows the format; `pallas init` into an empty directory writes examples to copy) or fix the module path.");
        return null;
    }

    private (AgentCard, Dictionary<string, AgentCard>)? ResolveFolder(string folder, YamlLocation at)
    {
        var loaded = Directory.EnumerateFiles(folder)
            .Where(f => CardReader.Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => cards.Read(f, Display(f)))
            .OfType<AgentCard>()
            .ToList();
        if (loaded.Count == 0)
        {
            diagnostics.Error(at, $"folder '{Display(folder)}/' holds no AgentCard (.md, .yaml or .yml); add one named {Path.GetFileName(folder)}.md.");
            return null;
        }

        var defaults = loaded.Where(c => c.Default).ToList();
        if (defaults.Count > 1)
        {
            diagnostics.Error(at, $"folder '{Display(folder)}/' has {defaults.Count} cards with default: true ({string.Join(", ", defaults.Select(c => c.Name))}); keep one.");
            return null;
        }

        var exposed = defaults.FirstOrDefault() ?? loaded.FirstOrDefault(c => c.Name == Path.GetFileName(folder));
        if (exposed is null)
        {
            diagnostics.Error(at, $"folder '{Display(folder)}/' has no card named '{Path.GetFileName(folder)}' and none with default: true; mark the card to expose with default: true.");
            return null;
        }

        var subCards = new Dictionary<string, AgentCard>(StringComparer.Ordinal);
        foreach (var card in loaded.Where(c => !ReferenceEquals(c, exposed)))
        {
            if (!subCards.TryAdd(card.Name, card) || card.Name == exposed.Name)
            {
                diagnostics.Error(Display(card.SourcePath), 1, "name", $"another card in '{Display(folder)}/' is also named '{card.Name}'; card names must be unique in a folder.");
            }
        }

        return (exposed, subCards);
    }

    private string Display(string path) => Path.GetRelativePath(projectDirectory, path).Replace('\\', '/');
}
