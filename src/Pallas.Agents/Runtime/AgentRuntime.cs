using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Pallas.Agents.Downstream;
using Pallas.Agents.History;
using Pallas.Agents.Logging;
using Pallas.Agents.LoopGuard;
using Pallas.Agents.Messaging;
using Pallas.Agents.Pipeline;
using Pallas.Agents.Telemetry;
using Pallas.Agents.Workflows;
using Pallas.Configuration.Cards;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Providers.Errors;
using Pallas.Providers.Resilience;

namespace Pallas.Agents.Runtime;

/// <summary>
/// One agent for the life of the process: its long-lived provider client, downstream tools, sub-agents (offered as
/// <c>agent__&lt;name&gt;</c> tools) or workflow members. Each <see cref="SendAsync"/> builds a fresh conversation and
/// tool loop, so concurrent calls share no state.
/// </summary>
public sealed class AgentRuntime : IAgentRuntime
{
    private readonly PallasProject _project;
    private readonly DownstreamServerPool _pool;
    private readonly PallasMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IChatClient _providerClient;
    private readonly TimeProvider _timeProvider;
    private readonly string _providerLabel;
    private readonly string _modelLabel;
    private readonly bool _ownsProviderClient;
    private readonly IReadOnlyList<AgentRuntime> _subAgents;
    private readonly IReadOnlyList<AgentRuntime> _members;
    private readonly IWorkflow? _workflow;
    private readonly int _maxIterations;
    private readonly IChatClient _pipeline;

    internal AgentRuntime(PallasProject project, AgentDefinition agent, DownstreamServerPool pool, PallasMetrics metrics, ILoggerFactory loggerFactory, IChatClient providerClient, TimeProvider timeProvider)
        : this(project, agent, pool, metrics, loggerFactory, providerClient, timeProvider, ownsProviderClient: true)
    {
    }

    private AgentRuntime(
        PallasProject project, AgentDefinition agent, DownstreamServerPool pool, PallasMetrics metrics, ILoggerFactory loggerFactory,
        IChatClient providerClient, TimeProvider timeProvider, bool ownsProviderClient)
    {
        ArgumentNullException.ThrowIfNull(agent);
        _project = project;
        Definition = agent;
        _pool = pool;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<AgentRuntime>();
        _providerClient = providerClient;
        _ownsProviderClient = ownsProviderClient;
        _timeProvider = timeProvider;
        _providerLabel = agent.Model.Provider.ToConfigName();
        _modelLabel = agent.Model.ModelId;
        var members = new Dictionary<string, AgentRuntime>(StringComparer.Ordinal);
        AgentRuntime Member(string name) => members.TryGetValue(name, out var member) ? member : members[name] = CreateMember(agent.Members[name]);
        _subAgents = agent.Card.Type == AgentType.Agent ? [.. agent.Card.Agents.Select(Member)] : [];
        _workflow = agent.Card.Type switch
        {
            AgentType.Chain => ChainWorkflow.Create(agent, Member),
            AgentType.Parallel => ParallelWorkflow.Create(agent, Member),
            AgentType.EvaluatorOptimizer => EvaluatorOptimizerWorkflow.Create(agent, Member),
            AgentType.Router => RouterWorkflow.Create(agent, Member, CountedModel(), RenderInstruction),
            AgentType.Orchestrator => OrchestratorWorkflow.Create(agent, Member, CountedModel(), RenderInstruction),
            _ => null,
        };
        _members = [.. members.Values];
        _maxIterations = Math.Max(1, Math.Min(agent.Deployment.MaxIterations, agent.Card.RequestParams.MaxIterations ?? int.MaxValue));
        _pipeline = BuildPipeline();
    }

    /// <inheritdoc />
    public AgentDefinition Definition { get; }

    private AgentCard Card => Definition.Card;

    /// <inheritdoc />
    public void StartConnecting() => _pool.Start(AllServers());

    /// <inheritdoc />
    public async Task<SendMessageResult> SendAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["component"] = Definition.Name, ["conversation_id"] = request.ConversationId });

        // send_message counts, duration and in-flight calls are measured by hosting at the MCP boundary, which also
        // sees calls refused before they reach the runtime.
        return await RunTurnAsync(request, observer, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DownstreamServerHealth>> GetServerHealthAsync(CancellationToken cancellationToken)
    {
        var probes = AllServers().Select(async name =>
        {
            if (_pool.Find(name) is not { } connection)
            {
                return new DownstreamServerHealth(name, "unknown", DownstreamServerStatus.Error, 0, null, $"'{name}' is not defined under mcp.servers");
            }

            var (status, latency, error) = await connection.PingAsync(cancellationToken);
            return new DownstreamServerHealth(name, connection.TransportName, status, AllowedTools(connection).Count(), latency, error);
        });
        return await Task.WhenAll(probes);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }

        // The pool is shared by every agent and belongs to the host; only the model client is this agent's.
        if (_ownsProviderClient)
        {
            _providerClient.Dispose();
        }
    }

    /// <summary>One turn without the <c>send_message</c> metrics: what a parent agent runs when it calls this one as a tool.</summary>
    internal Task<SendMessageResult> RunAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken) =>
        RunTurnAsync(request, observer, cancellationToken);

    // A member on its parent's model shares the parent's provider client; one on a model of its own gets its own.
    private AgentRuntime CreateMember(AgentDefinition member)
    {
        var sameModel = member.Model == Definition.Model;
        var provider = sameModel ? _providerClient : AgentRuntimeFactory.CreateProviderClient(_project, member, _loggerFactory);
        return new AgentRuntime(_project, member, _pool, _metrics, _loggerFactory, provider, _timeProvider, ownsProviderClient: !sameModel);
    }

    private IEnumerable<string> AllServers() => Card.Servers.Concat(_members.SelectMany(member => member.AllServers())).Distinct(StringComparer.Ordinal);

    private async Task<SendMessageResult> RunTurnAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        var deployment = Definition.Deployment;
        using var turnTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        turnTimeout.CancelAfter(deployment.TurnTimeout);
        using var bearer = InboundBearerToken.Push(request.InboundBearerToken);
        using var guarded = new GuardedObserver(observer, _logger);
        try
        {
            return _workflow is { } workflow
                ? await workflow.RunAsync(request, guarded, turnTimeout.Token)
                : await RunAgentAsync(request, guarded, turnTimeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new SendMessageResult("The call was cancelled before the agent finished.", SendMessageOutcome.Cancelled);
        }
        catch (OperationCanceledException) when (turnTimeout.IsCancellationRequested)
        {
            AgentLog.TurnTimedOut(_logger, deployment.TurnTimeout.TotalSeconds);
            return new SendMessageResult(
                $"The agent did not finish within turn_timeout ({deployment.TurnTimeout.TotalSeconds:0.#} s); simplify the request or raise turn_timeout for '{Definition.Name}' in agents.yaml.",
                SendMessageOutcome.Timeout);
        }
        catch (StreamingTimeoutException exception)
        {
            AgentLog.StreamTimedOut(_logger, exception.Message);
            return new SendMessageResult(
                $"{exception.Message} The model stalled; try again, or raise streaming_timeout for '{Definition.Name}' in agents.yaml.",
                SendMessageOutcome.Timeout);
        }
        catch (ProviderException exception)
        {
            AgentLog.ProviderFailed(_logger, exception.Provider, exception.Kind.ToString(), exception.Message);
            return new SendMessageResult(exception.Message.ReplaceLineEndings(" "), SendMessageOutcome.Error);
        }
        catch (Exception exception)
        {
            AgentLog.UnexpectedFailure(_logger, exception);
            return new SendMessageResult(
                $"The agent '{Definition.Name}' failed unexpectedly; the server log has the details{(request.ConversationId is { } id ? $" (conversation_id {id})" : "")}.",
                SendMessageOutcome.Error);
        }
    }

    private async Task<SendMessageResult> RunAgentAsync(SendMessageRequest request, IAgentObserver observer, CancellationToken cancellationToken)
    {
        await WaitForConnectingServersAsync(observer, cancellationToken);
        var messages = BuildConversation(request, out var refusal);
        if (refusal is not null)
        {
            return new SendMessageResult(refusal, SendMessageOutcome.Error);
        }

        using var turn = new TurnContext(Definition.Name, _maxIterations, observer, _metrics, new ToolLoopGuard(Definition.Deployment.LoopRepeatThreshold), _pool.Relay, _logger);
        var answer = await TurnAnswer.ReadAsync(_pipeline.GetStreamingResponseAsync(messages, BuildOptions(turn, request.ConversationId), cancellationToken));
        return Conclude(answer, turn.Halt);
    }

    // Servers connect in the background from start-up. A turn that begins while one is still on its first attempt
    // waits for that attempt (bounded by the connect timeout and this turn's own), so the model is offered every tool
    // the server has; a server that then failed is left out, as it would be after a failed start.
    private async Task WaitForConnectingServersAsync(IAgentObserver observer, CancellationToken cancellationToken)
    {
        // Every turn passes here: nothing is allocated unless a server is in fact still connecting.
        List<string>? connecting = null;
        foreach (var name in Card.Servers)
        {
            if (_pool.Find(name)?.IsConnecting == true)
            {
                (connecting ??= []).Add(name);
            }
        }

        if (connecting is null)
        {
            return;
        }

        await observer.OnProgressAsync($"Waiting for MCP server {string.Join(", ", connecting)} to connect", cancellationToken);
        await _pool.WaitForFirstAttemptsAsync(connecting, cancellationToken);
    }

    private SendMessageResult Conclude(TurnAnswer answer, LoopHalt? halt)
    {
        if (halt is not null)
        {
            return new SendMessageResult(
                $"I stopped this request: the tool '{halt.Tool}' was called {halt.RepeatCount} times in a row with the same arguments and returned the same result each time, so repeating it would not help. Last result: {halt.ResultPreview}",
                SendMessageOutcome.LoopAborted);
        }

        if (answer.EndedOnToolCalls)
        {
            AgentLog.MaxIterationsReached(_logger, _maxIterations);
            _metrics.LoopAborts.WithLabels(Definition.Name, "max_iterations").Inc();
            var note = $"[Stopped after {_maxIterations} LLM calls (max_iterations) before the model finished.]";
            return new SendMessageResult(answer.Text.Length > 0 ? $"{answer.Text}\n\n{note}" : note, SendMessageOutcome.MaxIterations);
        }

        return new SendMessageResult(answer.Text, SendMessageOutcome.Ok);
    }

    /// <summary>
    /// The agent's pipeline, built once and shared by every call (the middleware is thread-safe); each call's
    /// <see cref="TurnContext"/> travels in its <see cref="ChatOptions"/>. It is never disposed on its own: that would
    /// dispose the shared provider client beneath it, which <see cref="DisposeAsync"/> handles.
    /// </summary>
    private IChatClient BuildPipeline() =>
        new ChatClientBuilder(_providerClient)
            .UseFunctionInvocation(_loggerFactory, invoker =>
            {
                invoker.MaximumIterationsPerRequest = _maxIterations;
                invoker.AllowConcurrentInvocation = Card.RequestParams.ParallelToolCalls ?? true;
                invoker.FunctionInvoker = (context, cancellationToken) => TurnContext.From(context.Options).InvokeToolAsync(context, cancellationToken);
            })
            .UseIterationObserver()
            .UseLlmMetrics(_metrics, _providerLabel, _modelLabel)
            .UseStreamingIdleTimeout(Definition.Deployment.StreamingTimeout)
            .Build();

    private ChatOptions BuildOptions(TurnContext turn, string? conversationId)
    {
        var requestParams = Card.RequestParams;
        var tools = Card.Servers
            .Select(_pool.Find)
            .OfType<DownstreamConnection>()
            .SelectMany(connection => AllowedTools(connection).Select(tool => (AITool)new DownstreamToolFunction(connection, tool)))
            .Concat(_subAgents.Select(subAgent => new SubAgentFunction(subAgent, turn.ReportProgressAsync, conversationId)))
            .ToList();
        // No ModelId: the provider client owns the wire model id (Mantle prefixes it), and an option would override it.
        return new ChatOptions
        {
            AdditionalProperties = new() { [TurnContext.OptionsKey] = turn, [RetryingChatClient.ObserverKey] = turn },
            MaxOutputTokens = Definition.Capabilities.BoundOutputTokens(requestParams.MaxTokens),
            Temperature = (float?)requestParams.Temperature,
            TopP = (float?)requestParams.TopP,
            TopK = requestParams.TopK,
            StopSequences = requestParams.StopSequences.Count > 0 ? [.. requestParams.StopSequences] : null,
            AllowMultipleToolCalls = requestParams.ParallelToolCalls,
            Tools = tools.Count > 0 ? tools : null,
            ToolMode = tools.Count > 0 ? ChatToolMode.Auto : null,
        };
    }

    private IEnumerable<ModelContextProtocol.Protocol.Tool> AllowedTools(DownstreamConnection connection) =>
        connection.Tools.Where(tool => Card.AllowsTool(connection.Name, tool.Name));

    private List<ChatMessage> BuildConversation(SendMessageRequest request, out string? refusal)
    {
        refusal = null;
        var rows = HistoryParser.Parse(request.History, (index, reason) => AgentLog.HistoryRowSkipped(_logger, index, reason));

        // Images for a model without vision are refused by the provider pipeline's capability guard, for every caller.
        var messages = ConversationBuilder.Build(RenderInstruction(), rows, request, out var badImage);
        if (badImage is not null)
        {
            refusal = $"An image of the message was refused: {badImage}. Send base64 data with an image/* mime_type.";
            return [];
        }

        AgentLog.Prompt(_logger, request.Message);
        return messages;
    }

    // The workflow's own model calls (routing, planning) count in the LLM metrics like the tool loop's.
    private IChatClient CountedModel() => new ChatClientBuilder(_providerClient).UseLlmMetrics(_metrics, _providerLabel, _modelLabel).Build();

    private string RenderInstruction() => Definition.Instruction.Render(Definition.Name, _timeProvider.GetLocalNow(), ServerInstructions, _project.Directory);

    private string ServerInstructions() => string.Join("\n\n", Card.Servers
        .Select(_pool.Find)
        .OfType<DownstreamConnection>()
        .Where(connection => !string.IsNullOrWhiteSpace(connection.Instructions))
        .Select(connection => $"<mcp-server name=\"{connection.Name}\">\n<instructions>\n{connection.Instructions}\n</instructions>\n</mcp-server>"));
}
