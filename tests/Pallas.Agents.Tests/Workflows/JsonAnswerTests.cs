using Pallas.Agents.Workflows;

namespace Pallas.Agents.Tests.Workflows;

public sealed class JsonAnswerTests
{
    [Theory]
    [InlineData("""{"agent":"a"}""", "a")]
    [InlineData("""Here you go: ```json {"agent":"b","meta":{"x":1}} ``` hope it helps}""", "b")]
    [InlineData("""{"other":1} then {"agent":"c"}""", "c")]
    [InlineData("""{"agent": 5}""", null)]
    [InlineData("no json at all", null)]
    public void Find_AnswerInProse_FindsTheFirstAcceptedObject(string text, string? expected)
    {
        var answer = JsonAnswer.Find(text, element => JsonAnswer.String(element, "agent") is not null);

        Assert.Equal(expected, answer is { } element ? JsonAnswer.String(element, "agent") : null);
    }
}
