using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pallas.Hosting.Logging;

namespace Pallas.Hosting.Tests.Logging;

public sealed class PallasLogLineTests
{
    private static PallasLogRecord Record(string message, Exception? exception = null, params KeyValuePair<string, object?>[] fields) =>
        new(new DateTimeOffset(2026, 11, 25, 18, 0, 1, 250, TimeSpan.Zero), LogLevel.Information, "Pallas.Hosting.Agents.AgentMcpHandlers", message, exception, fields);

    [Fact]
    public void Json_EventWithFieldsAndScope_WritesContractFieldsOnOneLine()
    {
        var record = Record(
            "send_message finished for jarvis: ok in 12.5 ms",
            null,
            KeyValuePair.Create<string, object?>("conversation_id", "c-9"),
            KeyValuePair.Create<string, object?>("Agent", "jarvis"),
            KeyValuePair.Create<string, object?>("DurationMs", 12.5),
            KeyValuePair.Create<string, object?>("Outcome", "ok"),
            KeyValuePair.Create<string, object?>("{OriginalFormat}", "send_message finished for {Agent}: {Outcome} in {DurationMs} ms"));

        var line = PallasLogLine.Json(record, "kottos", "jarvis", includeStackTrace: false);

        Assert.DoesNotContain('\n', line);
        var json = JsonNode.Parse(line)!;
        Assert.Equal("2026-11-25T18:00:01.250Z", (string?)json["timestamp"]);
        Assert.Equal("INFO", (string?)json["level"]);
        Assert.Equal("send_message finished for jarvis: ok in 12.5 ms", (string?)json["message"]);
        Assert.Equal("pallas", (string?)json["service"]);
        Assert.Equal("kottos", (string?)json["project"]);
        Assert.Equal("jarvis", (string?)json["component"]);
        Assert.Equal("c-9", (string?)json["conversation_id"]);
        Assert.Equal(12.5, (double)json["duration_ms"]!);
        Assert.Equal("ok", (string?)json["outcome"]);
        Assert.Null(json["{OriginalFormat}"]);
    }

    [Fact]
    public void Json_SecretsInMessageFieldsAndException_AreRedacted()
    {
        var record = Record(
            "request failed with Authorization: Bearer top-secret-token",
            new InvalidOperationException("api_key=leaked-key-value rejected"),
            KeyValuePair.Create<string, object?>("Header", "Bearer another-secret"));

        var line = PallasLogLine.Json(record, "p", "registry", includeStackTrace: true);

        Assert.DoesNotContain("top-secret-token", line, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked-key-value", line, StringComparison.Ordinal);
        Assert.DoesNotContain("another-secret", line, StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException: api_key=[REDACTED] rejected", (string?)JsonNode.Parse(line)!["exception"]);
    }

    [Fact]
    public void Json_ComponentInScope_OverridesDefault()
    {
        var line = PallasLogLine.Json(Record("hello", null, new KeyValuePair<string, object?>("component", "friday")), "p", "pallas", includeStackTrace: false);

        Assert.Equal("friday", (string?)JsonNode.Parse(line)!["component"]);
    }

    [Fact]
    public void Text_Event_IsReadableWithComponentAndScopeFields()
    {
        var line = PallasLogLine.Text(Record("send_message finished", null, new KeyValuePair<string, object?>("conversation_id", "c-9")), "jarvis");

        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} INFO +\[jarvis\] send_message finished conversation_id=c-9$", line);
    }

    [Theory]
    [InlineData(LogLevel.Critical, "CRITICAL [pallas] ")]
    [InlineData(LogLevel.Warning, "WARNING [pallas] ")]
    [InlineData(LogLevel.Information, "INFO    [pallas] ")]
    public void Text_LevelName_IsAlwaysFollowedByASpace(LogLevel level, string expected)
    {
        var line = PallasLogLine.Text(Record("x") with { Level = level }, "pallas");

        Assert.Equal(expected, line[13..(13 + expected.Length)]);
    }

    [Theory]
    [InlineData(12.3456, 12.3)]
    [InlineData(0.04, 0)]
    [InlineData(1500.25, 1500.3)]
    public void Durations_AreMillisecondsWithAtMostOneDecimal(double milliseconds, double expected) =>
        Assert.Equal(expected, Pallas.Agents.Logging.LogDuration.Milliseconds(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("ConversationId", "conversation_id")]
    [InlineData("DurationMs", "duration_ms")]
    [InlineData("tool", "tool")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("HTTPStatus", "http_status")]
    public void SnakeCase_Name_ConvertsToSnakeCase(string name, string expected) => Assert.Equal(expected, PallasLogLine.SnakeCase(name));
}
