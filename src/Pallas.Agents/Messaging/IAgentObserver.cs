namespace Pallas.Agents.Messaging;

/// <summary>Receives what happens during a <c>send_message</c>; hosting turns it into MCP notifications.</summary>
/// <remarks>Implementations must not throw: a failed notification never fails the turn.</remarks>
public interface IAgentObserver
{
    /// <summary>A step started or ended (LLM iteration, tool call start/end). Progress values are assigned by the observer.</summary>
    ValueTask OnProgressAsync(string message, CancellationToken cancellationToken);

    /// <summary>One LLM iteration finished.</summary>
    ValueTask OnAssistantChunkAsync(AssistantChunk chunk, CancellationToken cancellationToken);
}
