using System.Collections.Concurrent;
using Pallas.Agents.Messaging;
using Pallas.Agents.Runtime;
using Pallas.Configuration.Project;

namespace Pallas.Hosting.Tests.Fakes;

/// <summary>A hand-written <see cref="IAgentRuntime"/>: replies through a callback, reports configured servers, records calls.</summary>
internal sealed class FakeAgentRuntime(AgentDefinition definition, ConcurrentQueue<string>? events = null) : IAgentRuntime
{
    public AgentDefinition Definition { get; } = definition;

    /// <summary>What a call answers; the default echoes the message.</summary>
    public Func<SendMessageRequest, IAgentObserver, CancellationToken, Task<SendMessageResult>> OnSend { get; set; } =
        (request, _, _) => Task.FromResult(new SendMessageResult($"echo: {request.Message}", SendMessageOutcome.Ok));

    public IReadOnlyList<DownstreamServerHealth> Servers { get; set; } = [];

    public ConcurrentQueue<SendMessageRequest> Requests { get; } = new();

    public ConcurrentQueue<string> Events { get; } = events ?? new();

    public bool Started { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>Thrown by <see cref="StartConnecting"/> when set: a runtime that breaks its never-throw promise.</summary>
    public Exception? StartFailure { get; set; }

    public void StartConnecting()
    {
        if (StartFailure is not null)
        {
            throw StartFailure;
        }

        Started = true;
        Events.Enqueue($"start:{Definition.Name}");
    }

    public Task<SendMessageResult> SendAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return OnSend(request, observer, cancellationToken);
    }

    public Task<IReadOnlyList<DownstreamServerHealth>> GetServerHealthAsync(CancellationToken cancellationToken) => Task.FromResult(Servers);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        Events.Enqueue($"dispose:{Definition.Name}");
        return ValueTask.CompletedTask;
    }
}
