using Pallas.Agents.LoopGuard;

namespace Pallas.Agents.Tests.LoopGuard;

public sealed class ToolLoopGuardTests
{
    private static KeyValuePair<string, object?>[] Args(params (string Key, object? Value)[] pairs) =>
        [.. pairs.Select(pair => KeyValuePair.Create(pair.Key, pair.Value))];

    [Fact]
    public void Observe_SameRoundThreeTimes_HaltsOnTheThird()
    {
        var guard = new ToolLoopGuard(3);

        var first = guard.Observe("s__t", Args(("a", 1)), "same");
        var second = guard.Observe("s__t", Args(("a", 1)), "same");
        var third = guard.Observe("s__t", Args(("a", 1)), "same");

        Assert.Null(first);
        Assert.Null(second);
        Assert.Equal(new LoopHalt("s__t", 3, "same"), third);
    }

    [Fact]
    public void Observe_ArgumentKeyOrder_DoesNotHideARepeat()
    {
        var guard = new ToolLoopGuard(2);

        guard.Observe("s__t", Args(("a", 1), ("b", new Dictionary<string, object?> { ["y"] = 2, ["x"] = 1 })), "r");
        var halt = guard.Observe("s__t", Args(("b", new Dictionary<string, object?> { ["x"] = 1, ["y"] = 2 }), ("a", 1)), "r");

        Assert.NotNull(halt);
    }

    [Theory]
    [InlineData("s__other", 1, "same")]
    [InlineData("s__t", 2, "same")]
    [InlineData("s__t", 1, "different")]
    public void Observe_AnythingDifferentInBetween_RestartsTheCount(string tool, int argument, string result)
    {
        var guard = new ToolLoopGuard(3);

        guard.Observe("s__t", Args(("a", 1)), "same");
        guard.Observe("s__t", Args(("a", 1)), "same");
        guard.Observe(tool, Args(("a", argument)), result);
        var afterReset = guard.Observe("s__t", Args(("a", 1)), "same");

        Assert.Null(afterReset);
    }

    [Fact]
    public void Observe_ThresholdZero_NeverHalts()
    {
        var guard = new ToolLoopGuard(0);

        var halts = Enumerable.Range(0, 10).Select(_ => guard.Observe("s__t", Args(), "same")).ToList();

        Assert.All(halts, Assert.Null);
    }

    [Fact]
    public void Observe_LongResult_IsPreviewedOnOneLine()
    {
        var guard = new ToolLoopGuard(1);

        var halt = guard.Observe("s__t", Args(), "line one\nline two " + new string('x', 500));

        Assert.NotNull(halt);
        Assert.DoesNotContain('\n', halt.ResultPreview);
        Assert.Equal(201, halt.ResultPreview.Length);
    }
}
