using Microsoft.Extensions.AI;

namespace Pallas.Providers.Offline;

/// <summary>
/// fast-agent's <c>passthrough</c> model (also <c>silent</c> without usage): echoes the trailing user text, honours
/// <c>***FIXED_RESPONSE</c> and <c>***CALL_TOOL</c>, and answers tool results with their text.
/// </summary>
/// <remarks>
/// Stateless on purpose: the fixed response is found by scanning the conversation rather than kept on the instance,
/// because one client serves every concurrent <c>send_message</c> of an agent and each call is a fresh conversation
/// (a <c>***FIXED_RESPONSE</c> seeded through <c>history</c> still fixes the replies of that call).
/// Usage counts characters as tokens, as fast-agent does for its internal models.
/// </remarks>
internal sealed class PassthroughChatClient(string modelId, bool reportUsage) : OfflineChatClient(modelId)
{

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var conversation = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var reply = Reply(conversation);
        var response = new ChatResponse(reply.Message)
        {
            ModelId = ModelId,
            FinishReason = reply.Message.Contents.OfType<FunctionCallContent>().Any() ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            ResponseId = Guid.NewGuid().ToString("N"),
        };
        if (reportUsage)
        {
            response.Usage = Usage(conversation, reply.Message);
        }

        return Task.FromResult(response);
    }

    private static (ChatMessage Message, bool IsToolCall) Reply(IReadOnlyList<ChatMessage> conversation)
    {
        var last = conversation.Count > 0 ? conversation[^1] : null;
        if (last is null)
        {
            return (new ChatMessage(ChatRole.Assistant, ""), false);
        }

        var results = last.Contents.OfType<FunctionResultContent>().ToList();
        if (results.Count > 0)
        {
            return (new ChatMessage(ChatRole.Assistant, string.Join(' ', results.Select(OfflineCommand.ResultText))), false);
        }

        if (last.Role == ChatRole.Assistant)
        {
            return (last.Clone(), false);
        }

        var userText = TrailingUserText(conversation);
        if (OfflineCommand.ParseCallTool(userText) is { } call)
        {
            var callId = $"correlationId{conversation.Sum(m => m.Contents.OfType<FunctionCallContent>().Count()) + 1}";
            return (new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, call.Tool, call.Arguments)]), true);
        }

        var fixedResponse = conversation
            .Where(m => m.Role == ChatRole.User)
            .Select(m => OfflineCommand.ParseFixedResponse(m.Text))
            .LastOrDefault(text => text is not null);
        return (new ChatMessage(ChatRole.Assistant, fixedResponse ?? userText), false);
    }

    // fast-agent joins the consecutive user messages at the end of the conversation with newlines.
    private static string TrailingUserText(IReadOnlyList<ChatMessage> conversation)
    {
        var start = conversation.Count;
        while (start > 0 && conversation[start - 1].Role == ChatRole.User)
        {
            start--;
        }

        return string.Join('\n', conversation.Skip(start).Select(m => m.Text));
    }

    private static UsageDetails Usage(IReadOnlyList<ChatMessage> conversation, ChatMessage reply)
    {
        long input = conversation.Sum(m => (long)m.Text.Length);
        long output = reply.Text.Length;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }
}
