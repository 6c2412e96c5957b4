using Pallas.Agents.Downstream;

namespace Pallas.Agents.Tests.Downstream;

public sealed class ToolNamingTests
{
    [Fact]
    public void Namespaced_JoinsServerAndToolWithTwoUnderscores()
    {
        Assert.Equal("everything__echo", ToolNaming.Namespaced("everything", "echo"));
    }

    [Fact]
    public void Namespaced_LongName_IsTruncatedTo64Characters()
    {
        var name = ToolNaming.Namespaced(new string('s', 40), new string('t', 40));

        Assert.Equal(64, name.Length);
        Assert.StartsWith(new string('s', 40) + "__", name, StringComparison.Ordinal);
    }
}
