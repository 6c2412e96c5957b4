using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Providers.Bedrock.Mapping;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Tests.Bedrock.Mapping;

public sealed class ConverseRequestMapperTests
{
    private static readonly ModelCapabilities Claude = new(Vision: true, ContextWindow: 200_000, MaxOutputTokens: 64_000);

    [Fact]
    public void ToConverseRequest_SystemTextAndOptions_PinnedJson()
    {
        var messages = new[]
        {
            new ChatMessage(ChatRole.System, "Be terse."),
            new ChatMessage(ChatRole.User, "Hello"),
        };
        var options = new ChatOptions { Instructions = "You are Jarvis.", MaxOutputTokens = 100_000, Temperature = 0.5f, TopP = 0.9f, TopK = 40, StopSequences = ["END"] };

        var json = Map(messages, options, "anthropic.claude-haiku-4-5-20251001-v1:0");

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"system":[{"text":"You are Jarvis."},{"text":"Be terse."}],"inferenceConfig":{"maxTokens":64000,"temperature":0.5,"topP":0.9,"stopSequences":["END"]},"additionalModelRequestFields":{"top_k":40}}""",
            json);
    }

    [Fact]
    public void ToConverseRequest_ToolTurn_PinnedJson()
    {
        var tool = AIFunctionFactory.CreateDeclaration("fs.read-file", "Reads a file.", JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""").RootElement);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "Read both files."),
            new(ChatRole.Assistant, [
                new TextReasoningContent("I should read them.") { ProtectedData = "sig-1" },
                new FunctionCallContent("call_1", "fs.read-file", new Dictionary<string, object?> { ["path"] = "a.txt" }),
                new FunctionCallContent("call_2", "fs.read-file", new Dictionary<string, object?> { ["path"] = "b.txt" }),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_2", "B"), new FunctionResultContent("call_1", "A")]),
        };

        var json = Map(messages, new ChatOptions { Tools = [tool] }, "us.anthropic.claude-opus-4-7");

        var wire = ToolNameMap.Sanitize("fs.read-file");
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Read both files."}]},{"role":"assistant","content":[{"reasoningContent":{"reasoningText":{"text":"I should read them.","signature":"sig-1"}}},{"toolUse":{"toolUseId":"call_1","name":"WIRE","input":{"path":"a.txt"}}},{"toolUse":{"toolUseId":"call_2","name":"WIRE","input":{"path":"b.txt"}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"call_1","content":[{"text":"A"}]}},{"toolResult":{"toolUseId":"call_2","content":[{"text":"B"}]}}]}],"inferenceConfig":{"maxTokens":64000},"toolConfig":{"tools":[{"toolSpec":{"name":"WIRE","description":"Reads a file.","inputSchema":{"json":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}}}]}}""".Replace("WIRE", wire, StringComparison.Ordinal),
            json);
    }

    [Fact]
    public void ToConverseRequest_ToolHistoryWithoutTools_AddsPlaceholderToolConfig()
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "Hi"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "x", null)]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", null) { Exception = new InvalidOperationException("") }]),
        };

        using var body = JsonDocument.Parse(Map(messages, null, "anthropic.claude-haiku-4-5-20251001-v1:0"));

        var tools = body.RootElement.GetProperty("toolConfig").GetProperty("tools");
        Assert.Equal(ConverseRequestMapper.PlaceholderToolName, tools[0].GetProperty("toolSpec").GetProperty("name").GetString());
        var result = body.RootElement.GetProperty("messages")[2].GetProperty("content")[0].GetProperty("toolResult");
        Assert.Equal("error", result.GetProperty("status").GetString());
        Assert.Equal("Tool call failed.", result.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void ToConverseRequest_NoToolsAnywhere_OmitsToolConfig()
    {
        using var body = JsonDocument.Parse(Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Tools = [] }, "anthropic.claude-haiku-4-5-20251001-v1:0"));

        Assert.False(body.RootElement.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public void ToConverseRequest_BlankTextAndNulls_AreOmitted()
    {
        var messages = new[] { new ChatMessage(ChatRole.User, [new TextContent("  "), new TextContent("real")]) };

        Assert.Equal("""{"messages":[{"role":"user","content":[{"text":"real"}]}],"inferenceConfig":{"maxTokens":64000}}""", Map(messages, null, "anthropic.claude-haiku-4-5-20251001-v1:0"));
    }

    [Theory]
    [InlineData(ReasoningLevel.Low, 1024)]
    [InlineData(ReasoningLevel.Medium, 4096)]
    [InlineData(ReasoningLevel.High, 16384)]
    public void ToConverseRequest_ReasoningOnClaude_SendsThinkingBudgetBelowMaxTokens(ReasoningLevel level, int budget)
    {
        var options = new ChatOptions { MaxOutputTokens = 2000, Temperature = 0.3f, TopK = 5 };

        using var body = JsonDocument.Parse(Map([new ChatMessage(ChatRole.User, "Think")], options, "us.anthropic.claude-haiku-4-5-20251001-v1:0", level));

        var thinking = body.RootElement.GetProperty("additionalModelRequestFields").GetProperty("thinking");
        Assert.Equal("enabled", thinking.GetProperty("type").GetString());
        Assert.Equal(budget, thinking.GetProperty("budget_tokens").GetInt32());
        var config = body.RootElement.GetProperty("inferenceConfig");
        Assert.True(config.GetProperty("maxTokens").GetInt32() > budget);
        Assert.False(config.TryGetProperty("temperature", out _));
        Assert.False(body.RootElement.GetProperty("additionalModelRequestFields").TryGetProperty("top_k", out _));
    }

    [Theory]
    [InlineData("us.anthropic.claude-opus-4-7", ReasoningLevel.High, "high")]
    [InlineData("anthropic.claude-sonnet-4-6", ReasoningLevel.Low, "low")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-opus-4-6-v1", ReasoningLevel.Medium, "medium")]
    public void ToConverseRequest_ReasoningOnClaude46AndLater_SendsAdaptiveThinkingWithEffort(string model, ReasoningLevel level, string effort)
    {
        var options = new ChatOptions { Temperature = 0.3f };

        using var body = JsonDocument.Parse(Map([new ChatMessage(ChatRole.User, "Think")], options, model, level));

        Assert.Equal(
            """{"thinking":{"type":"adaptive"},"output_config":{"effort":"EFFORT"}}""".Replace("EFFORT", effort, StringComparison.Ordinal),
            body.RootElement.GetProperty("additionalModelRequestFields").GetRawText());
        Assert.False(body.RootElement.GetProperty("inferenceConfig").TryGetProperty("temperature", out _));
    }

    [Theory]
    [InlineData("anthropic.claude-haiku-4-5-20251001-v1:0", false)]
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0", false)]
    [InlineData("anthropic.claude-opus-4-1-20250805-v1:0", false)]
    [InlineData("us.anthropic.claude-opus-4-7", true)]
    [InlineData("eu.anthropic.claude-sonnet-4-6", true)]
    [InlineData("anthropic.claude-mythos-5", true)]
    [InlineData("minimax.minimax-m2.5", false)]
    public void UsesAdaptiveThinking_ModelIds_ByClaudeVersion(string model, bool expected) =>
        Assert.Equal(expected, ReasoningBudget.UsesAdaptiveThinking(model));

    [Theory]
    [InlineData(ReasoningLevel.Minimal, "us.anthropic.claude-opus-4-7")]
    [InlineData(ReasoningLevel.Minimal, "us.anthropic.claude-haiku-4-5-20251001-v1:0")]
    [InlineData(ReasoningLevel.High, "minimax.minimax-m2.5")]
    public void ToConverseRequest_MinimalOrNonClaude_SendsNoThinking(ReasoningLevel level, string model)
    {
        using var body = JsonDocument.Parse(Map([new ChatMessage(ChatRole.User, "Hi")], null, model, level));

        Assert.False(body.RootElement.TryGetProperty("additionalModelRequestFields", out _));
    }

    [Fact]
    public void ToConverseRequest_ImageWithVision_SendsImageBlock()
    {
        var messages = new[] { new ChatMessage(ChatRole.User, [new TextContent("What is it?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]) };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"What is it?"},{"image":{"format":"png","source":{"bytes":"AQID"}}}]}],"inferenceConfig":{"maxTokens":64000}}""",
            Map(messages, null, "anthropic.claude-haiku-4-5-20251001-v1:0"));
    }

    [Fact]
    public void ToConverseRequest_ImageFormatConverseLacks_ThrowsValidation()
    {
        var messages = new[] { new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1 }, "image/bmp")]) };

        var error = Assert.Throws<ProviderException>(() => Map(messages, null, "anthropic.claude-haiku-4-5-20251001-v1:0"));

        Assert.Equal(ProviderErrorKind.Validation, error.Kind);
        Assert.Contains("use PNG, JPEG, GIF or WebP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToConverseRequest_RequiredToolMode_SendsToolChoice()
    {
        var tool = AIFunctionFactory.CreateDeclaration("lookup", null, JsonDocument.Parse("""{"type":"object"}""").RootElement);

        using var body = JsonDocument.Parse(Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("lookup") }, "anthropic.claude-haiku-4-5-20251001-v1:0"));

        Assert.Equal("""{"tool":{"name":"lookup"}}""", body.RootElement.GetProperty("toolConfig").GetProperty("toolChoice").GetRawText());
    }

    private static string Map(IEnumerable<ChatMessage> messages, ChatOptions? options, string modelId, ReasoningLevel? reasoning = null) =>
        ConverseRequestMapper.ToConverseRequest(messages, options, new ConverseRequestContext(modelId, Claude, reasoning), new ToolNameMap()).ToJsonString();
}
