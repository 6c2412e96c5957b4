namespace Pallas.Agents.Downstream;

/// <summary>fast-agent's namespacing of downstream tools: <c>&lt;server&gt;__&lt;tool&gt;</c>, at most 64 characters.</summary>
internal static class ToolNaming
{
    /// <summary>The separator between server and tool names.</summary>
    public const string Separator = "__";

    /// <summary>The longest tool name providers accept.</summary>
    public const int MaxLength = 64;

    /// <summary>The name the model sees for <paramref name="tool"/> of <paramref name="server"/>.</summary>
    public static string Namespaced(string server, string tool)
    {
        var name = server + Separator + tool;
        return name.Length <= MaxLength ? name : name[..MaxLength];
    }
}
