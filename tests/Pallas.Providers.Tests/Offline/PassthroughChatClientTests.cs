using System.Text.Json;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;
using Pallas.Providers.Offline;

namespace Pallas.Providers.Tests.Offline;

public sealed class PassthroughChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IChatClient Passthrough() => OfflineChatClients.Create(ModelSpec.Parse("passthrough"));

    [Fact]
    public async Task GetResponseAsync_TrailingUserMessages_AreEchoedJoinedByNewlines()
    {
        using var client = Passthrough();

        var response = await client.GetResponseAsync(
            [new(ChatRole.System, "be nice"), new(ChatRole.User, "old"), new(ChatRole.Assistant, "reply"), new(ChatRole.User, "one"), new(ChatRole.User, "two")],
            cancellationToken: Ct);

        Assert.Equal("one\ntwo", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_Passthrough_ReportsCharactersAsTokenUsage()
    {
        using var client = Passthrough();

        var response = await client.GetResponseAsync([new(ChatRole.System, "sys"), new(ChatRole.User, "hello")], cancellationToken: Ct);

        Assert.Equal((8L, 5L, 13L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount));
    }

    [Fact]
    public async Task GetResponseAsync_Silent_ReportsNoUsage()
    {
        using var client = OfflineChatClients.Create(ModelSpec.Parse("silent"));

        var response = await client.GetResponseAsync([new(ChatRole.User, "hello")], cancellationToken: Ct);

        Assert.Equal("hello", response.Text);
        Assert.Null(response.Usage);
    }

    [Fact]
    public async Task GetResponseAsync_FixedResponse_FixesEveryLaterReply()
    {
        using var client = Passthrough();
        List<ChatMessage> conversation = [new(ChatRole.User, "***FIXED_RESPONSE always this")];

        var first = await client.GetResponseAsync(conversation, cancellationToken: Ct);
        conversation.AddRange(first.Messages);
        conversation.Add(new(ChatRole.User, "something else"));
        var second = await client.GetResponseAsync(conversation, cancellationToken: Ct);

        Assert.Equal("always this", first.Text);
        Assert.Equal("always this", second.Text);
    }

    [Fact]
    public async Task GetResponseAsync_CallTool_ReturnsAFunctionCallWithTheJsonArguments()
    {
        using var client = Passthrough();

        var response = await client.GetResponseAsync([new(ChatRole.User, """***CALL_TOOL everything__echo {"text":"hi","n":2}""")], cancellationToken: Ct);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal(("correlationId1", "everything__echo"), (call.CallId, call.Name));
        Assert.Equal("hi", ((JsonElement)call.Arguments!["text"]!).GetString());
        Assert.Equal(2, ((JsonElement)call.Arguments["n"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_CallToolWithoutArguments_CallsWithNone()
    {
        using var client = Passthrough();

        var response = await client.GetResponseAsync([new(ChatRole.User, "***CALL_TOOL time__now")], cancellationToken: Ct);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("time__now", call.Name);
        Assert.Empty(call.Arguments!);
    }

    [Fact]
    public async Task GetResponseAsync_CallToolWithBadJson_Throws()
    {
        using var client = Passthrough();

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new(ChatRole.User, "***CALL_TOOL a__b {not json")], cancellationToken: Ct));

        Assert.Contains("not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_AfterToolResults_RepliesWithTheirTextsJoinedBySpaces()
    {
        using var client = Passthrough();
        List<ChatMessage> conversation =
        [
            new(ChatRole.User, "***CALL_TOOL a__b"),
            new(ChatRole.Assistant, [new FunctionCallContent("correlationId1", "a__b"), new FunctionCallContent("correlationId2", "a__c")]),
            new(ChatRole.Tool, [new FunctionResultContent("correlationId1", "first"), new FunctionResultContent("correlationId2", "")]),
        ];

        var response = await client.GetResponseAsync(conversation, cancellationToken: Ct);

        Assert.Equal("first <empty>", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_YieldsTheSameReplyAndUsage()
    {
        using var client = Passthrough();

        var updates = await client.GetStreamingResponseAsync([new(ChatRole.User, "streamed")], cancellationToken: Ct).ToListAsync(Ct);
        var response = updates.ToChatResponse();

        Assert.Equal("streamed", response.Text);
        Assert.Equal(8L, response.Usage!.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }
}
