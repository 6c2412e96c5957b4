using System.Net;
using System.Net.Sockets;

namespace Pallas.Cli.Tests.Commands;

public sealed class SendCommandTests
{
    [Fact]
    public async Task Url_IsParsed_AndAnUnreachableAgentIsOneLine()
    {
        var port = ClosedPort();

        var (exitCode, output, error) = await CliRunner.RunAsync("send", "jarvis", "hi", "--url", $"http://127.0.0.1:{port}/mcp");

        Assert.Equal(ExitCodes.SendFailed, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith($"Cannot reach http://127.0.0.1:{port}/mcp", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Url_NotHttp_IsAUsageErrorNamingTheOption()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("send", "jarvis", "hi", "--url", "localhost:8202");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--url 'localhost:8202' is not an http(s) URL", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoArguments_SaysRequiredArgumentMissingOnce()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("send");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Single(error.Split('\n'), line => line.Contains("Required argument missing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("-", "from stdin")]
    public async Task ReadMessage_DashReadsStdin(string argument, string expected)
    {
        var original = Console.In;
        Console.SetIn(new StringReader("from stdin\n"));
        try
        {
            Assert.Equal(expected, await Pallas.Cli.Commands.SendCommand.ReadMessageAsync(argument, TestContext.Current.CancellationToken));
        }
        finally
        {
            Console.SetIn(original);
        }
    }

    [Fact]
    public void Progress_LinesCarryTheElapsedTime()
    {
        var time = new SteppedTime();
        var writer = new StringWriter();
        var progress = new Pallas.Cli.Commands.SendCommand.LineProgress(writer, time);

        time.Ticks += TimeSpan.FromSeconds(4.26).Ticks;
        progress.Report("retrying after throttling");

        Assert.Equal("…   4.3 s  retrying after throttling", writer.ToString().TrimEnd());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class SteppedTime : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }
}
