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

    [Fact]
    public void EnvironmentProblems_NameTheVariableTheValueAndTheValidOnes()
    {
        var variables = new Dictionary<string, string?> { ["PALLAS_LOG_LEVEL"] = "verbose", ["PALLAS_LOG_FORMAT"] = "yaml" };

        var problems = PallasLogSettings.EnvironmentProblems(name => variables.GetValueOrDefault(name)).ToList();

        Assert.Equal(
            ["PALLAS_LOG_LEVEL='verbose' is not a log level and was ignored; use trace, debug, info, warning, error, critical or none.",
             "PALLAS_LOG_FORMAT='yaml' is not a log format and was ignored; use json or text."],
            problems);
        Assert.Empty(PallasLogSettings.EnvironmentProblems(name => name == "PALLAS_LOG_LEVEL" ? "debug" : null));
    }
}
