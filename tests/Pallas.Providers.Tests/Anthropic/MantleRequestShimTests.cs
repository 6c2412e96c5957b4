using System.Text.Json.Nodes;
using Pallas.Providers.Anthropic;

namespace Pallas.Providers.Tests.Anthropic;

/// <summary>What the shim removes from a request before it reaches Mantle, whichever layer added it.</summary>
public sealed class MantleRequestShimTests
{
    [Fact]
    public void Apply_RequestWithEverythingMantleRejects_LeavesOnlyWhatMantleAccepts()
    {
        var body = JsonNode.Parse("""
            {"model":"claude-opus-4-7","max_tokens":1000,
             "thinking":{"type":"enabled","budget_tokens":2048},
             "output_config":{"effort":"high","task_budget":{"tokens":5000},"format":{"type":"json_schema"}},
             "cache_control":{"type":"ephemeral"},
             "system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
             "tools":[
               {"name":"fs__read","input_schema":{"type":"object","properties":{"cache_control":{"type":"string","default":null}}},"cache_control":{"type":"ephemeral"}},
               {"type":"web_search_20250305","name":"web_search"},
               {"type":"web_fetch_20250910","name":"web_fetch"}],
             "messages":[
               {"role":"user","content":"Read it."},
               {"role":"assistant","content":[
                 {"type":"thinking","thinking":"hmm","signature":"sig"},
                 {"type":"tool_use","id":"toolu_1","name":"fs__read","input":{"path":"a.txt","mode":null},"caller":null,"cache_control":null}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"data","cache_control":{"type":"ephemeral"}}],"is_error":null}]}]}
            """)!.AsObject();

        MantleRequestShim.Apply(body);

        var expected = JsonNode.Parse("""
            {"model":"anthropic.claude-opus-4-7","max_tokens":1000,
             "output_config":{"format":{"type":"json_schema"}},
             "system":[{"type":"text","text":"Be brief."}],
             "tools":[{"name":"fs__read","input_schema":{"type":"object","properties":{"cache_control":{"type":"string","default":null}}}}],
             "messages":[
               {"role":"user","content":"Read it."},
               {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"fs__read","input":{"path":"a.txt","mode":null}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"data"}]}]}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Fact]
    public void Apply_OnlyServerTools_RemovesToolsAndToolChoice()
    {
        var body = JsonNode.Parse("""{"model":"anthropic.claude-haiku-4-5","tools":[{"type":"web_search_20250305","name":"web_search"}],"tool_choice":{"type":"auto"},"messages":[]}""")!.AsObject();

        MantleRequestShim.Apply(body);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"model":"anthropic.claude-haiku-4-5","messages":[]}"""), body), body.ToJsonString());
    }

    [Fact]
    public void Apply_EffortOnly_RemovesOutputConfig()
    {
        var body = JsonNode.Parse("""{"model":"anthropic.claude-opus-4-7","output_config":{"effort":"low"},"messages":[]}""")!.AsObject();

        MantleRequestShim.Apply(body);

        Assert.False(body.ContainsKey("output_config"));
    }
}
