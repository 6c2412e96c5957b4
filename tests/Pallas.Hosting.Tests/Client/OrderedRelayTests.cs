using Pallas.Hosting.Client;

namespace Pallas.Hosting.Tests.Client;

public sealed class OrderedRelayTests
{
    [Fact]
    public void Add_OutOfOrder_EmitsInSequenceAsSoonAsGapsFill()
    {
        List<string> lines = [];
        var relay = new OrderedRelay(new Sink(lines.Add));

        relay.Add(2, "b");
        Assert.Empty(lines);
        relay.Add(1, "a");
        relay.Add(4, "d");
        relay.Add(3, null);

        Assert.Equal(["a", "b", "d"], lines);
    }

    [Fact]
    public void Flush_GapNeverFilled_EmitsHeldLinesInOrderThenPassesLateOnesThrough()
    {
        List<string> lines = [];
        var relay = new OrderedRelay(new Sink(lines.Add));
        relay.Add(3, "c");
        relay.Add(2, "b");

        relay.Flush();
        relay.Add(1, "late");
        relay.Add(4, "d");

        Assert.Equal(["b", "c", "late", "d"], lines);
    }

    [Fact]
    public async Task SettleAsync_GapFilledAfterReply_WaitsForItAndKeepsOrder()
    {
        List<string> lines = [];
        var relay = new OrderedRelay(new Sink(lines.Add));
        relay.Add(2, "b");

        var settling = relay.SettleAsync(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.False(settling.IsCompleted);
        relay.Add(1, "a");
        await settling.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], lines);
    }

    private sealed class Sink(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
