using Microsoft.Extensions.Logging;
using Pallas.Hosting.Logging;

namespace Pallas.Hosting.Tests.Logging;

public sealed class ReadyLineTests
{
    [Theory]
    [InlineData(LogLevel.Error)]
    [InlineData(LogLevel.Critical)]
    [InlineData(LogLevel.Information)]
    public void ReadyLine_IsLoggedWhateverTheLevel_WhileOtherInfoLinesFollowIt(LogLevel level)
    {
        using var factory = LoggerFactory.Create(logging => logging.AddPallasLogging(new PallasLogSettings("p", "pallas", level, PallasLogFormat.Json)));

        Assert.True(factory.CreateLogger(PallasLoggingBuilderExtensions.ReadyCategory).IsEnabled(LogLevel.Information));
        Assert.Equal(level <= LogLevel.Information, factory.CreateLogger("Pallas.Hosting").IsEnabled(LogLevel.Information));
        // "Hosting failed to start" repeats the startup exception Pallas reports itself in one line.
        Assert.False(factory.CreateLogger("Microsoft.Extensions.Hosting.Internal.Host").IsEnabled(LogLevel.Error));
    }
}
