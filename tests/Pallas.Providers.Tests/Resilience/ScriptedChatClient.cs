using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Pallas.Providers.Tests.Resilience;

/// <summary>An inner client that fails a scripted number of times before answering.</summary>
internal sealed class ScriptedChatClient(params Exception?[] failures) : IChatClient
{
    private int calls;

    public int Calls => calls;

    /// <summary>Streaming: how many updates to yield before throwing the scripted failure.</summary>
    public int UpdatesBeforeFailure { get; init; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref calls) - 1;
        return call < failures.Length && failures[call] is { } failure
            ? Task.FromException<ChatResponse>(failure)
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer")));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref calls) - 1;
        await Task.Yield();
        var failure = call < failures.Length ? failures[call] : null;
        for (var i = 0; i < UpdatesBeforeFailure && failure is not null; i++)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, $"part{i} ");
        }

        if (failure is not null)
        {
            throw failure;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, "answer");
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
