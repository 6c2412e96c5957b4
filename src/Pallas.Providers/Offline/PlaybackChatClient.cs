using Microsoft.Extensions.AI;

namespace Pallas.Providers.Offline;

/// <summary>
/// fast-agent's <c>playback</c> model: the first call stores the conversation and answers
/// <c>HISTORY LOADED (n) messages</c>; each later call returns the next stored assistant message, then
/// <c>MESSAGES EXHAUSTED (list size n) (k overage)</c>.
/// </summary>
/// <remarks>The recording lives as long as the client, i.e. the agent, so a script loaded by one <c>send_message</c> plays back over the next ones.</remarks>
internal sealed class PlaybackChatClient(string modelId) : OfflineChatClient(modelId)
{
    private readonly Lock _gate = new();
    private List<ChatMessage>? _recorded;
    private int _next;
    private int _overage;

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var reply = NextReply(messages);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
        {
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            ResponseId = Guid.NewGuid().ToString("N"),
        });
    }

    private string NextReply(IEnumerable<ChatMessage> messages)
    {
        lock (_gate)
        {
            if (_recorded is null)
            {
                // The system instruction is configuration, not part of the recorded conversation.
                _recorded = [.. messages.Where(m => m.Role != ChatRole.System)];
                return $"HISTORY LOADED ({_recorded.Count}) messages";
            }

            while (_next < _recorded.Count)
            {
                var message = _recorded[_next++];
                if (message.Role == ChatRole.Assistant)
                {
                    return message.Text;
                }
            }

            _overage++;
            return $"MESSAGES EXHAUSTED (list size {_recorded.Count}) ({_overage} overage)";
        }
    }
}
