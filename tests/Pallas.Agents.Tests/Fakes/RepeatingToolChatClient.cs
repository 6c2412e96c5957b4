using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Pallas.Agents.Tests.Fakes;

/// <summary>A model that never stops: every reply calls the same tool with the same arguments (what a stuck small model does).</summary>
internal sealed class RepeatingToolChatClient(string tool, IDictionary<string, object?> arguments, string text = "") : IChatClient
{
    private int _calls;

    public int Calls => _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        List<AIContent> contents = [new FunctionCallContent($"call{call}", tool, new Dictionary<string, object?>(arguments))];
        if (text.Length > 0)
        {
            contents.Insert(0, new TextContent(text));
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, contents)) { FinishReason = ChatFinishReason.ToolCalls });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
