using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Providers.Bedrock.Mapping;

namespace Pallas.Providers.Tests.Bedrock.Mapping;

public sealed class ConverseResponseMapperTests
{
    [Fact]
    public void FromConverseResponse_FullResponse_MapsContentUsageAndFinishReason()
    {
        const string Json = """
            {"output":{"message":{"role":"assistant","content":[
              {"reasoningContent":{"reasoningText":{"text":"hmm","signature":"sig"}}},
              {"text":"Calling a tool."},
              {"toolUse":{"toolUseId":"tooluse_abc","name":"fs_read_12345678","input":{"city":"Paris"}}},
              {"citationsContent":{}}
            ]}},
            "stopReason":"tool_use",
            "usage":{"inputTokens":120,"outputTokens":45,"totalTokens":165,"cacheReadInputTokens":7,"cacheWriteInputTokens":100},
            "metrics":{"latencyMs":812}}
            """;
        var names = new ToolNameMap();
        var wire = names.Add("fs.read");
        using var document = JsonDocument.Parse(Json.Replace("fs_read_12345678", wire, StringComparison.Ordinal));

        var response = ConverseResponseMapper.FromConverseResponse(document.RootElement, names, "m");

        var contents = response.Messages.Single().Contents;
        Assert.Equal(3, contents.Count);
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal(("hmm", "sig"), (reasoning.Text, reasoning.ProtectedData));
        Assert.Equal("Calling a tool.", Assert.IsType<TextContent>(contents[1]).Text);
        var call = Assert.IsType<FunctionCallContent>(contents[2]);
        Assert.Equal(("tooluse_abc", "fs.read"), (call.CallId, call.Name));
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal((120L, 45L, 165L, 7L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.TotalTokenCount!.Value, response.Usage.CachedInputTokenCount!.Value));
        Assert.Equal(100L, response.Usage.AdditionalCounts![ConverseResponseMapper.CacheWriteKey]);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("guardrail_intervened", "content_filter")]
    [InlineData("malformed_tool_use", "malformed_tool_use")]
    public void FromStopReason_KnownAndUnknown_Mapped(string stopReason, string expected) =>
        Assert.Equal(expected, ConverseResponseMapper.FromStopReason(stopReason)!.Value.Value);
}
