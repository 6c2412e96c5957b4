using Microsoft.Extensions.Logging;
using Pallas.Hosting.Logging;

namespace Pallas.Hosting.Tests.Logging;

public sealed class PallasLogSettingsTests
{
    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("INFO", LogLevel.Information)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData(" error ", LogLevel.Error)]
    [InlineData("critical", LogLevel.Critical)]
    [InlineData("loud", null)]
    [InlineData(null, null)]
    public void ParseLevel_Name_MapsToLogLevel(string? text, LogLevel? expected) => Assert.Equal(expected, PallasLogSettings.ParseLevel(text));

    [Theory]
    [InlineData("json", PallasLogFormat.Json)]
    [InlineData("TEXT", PallasLogFormat.Text)]
    [InlineData("yaml", null)]
    public void ParseFormat_Name_MapsToFormat(string? text, PallasLogFormat? expected) => Assert.Equal(expected, PallasLogSettings.ParseFormat(text));
}
