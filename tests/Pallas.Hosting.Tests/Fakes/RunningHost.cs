using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pallas.Configuration.Models;
using Pallas.Configuration.Project;
using Pallas.Providers.Preflight;

namespace Pallas.Hosting.Tests.Fakes;

/// <summary>A <see cref="PallasHost"/> running on loopback ports for one test; disposing it stops it.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    /// <summary>The one bound for every wait in these tests.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop;

    private RunningHost(Task<int> run, CancellationTokenSource stop, PallasHostEndpoints endpoints, IReadOnlyDictionary<string, FakeAgentRuntime> runtimes)
    {
        Run = run;
        _stop = stop;
        Endpoints = endpoints;
        Runtimes = runtimes;
    }

    public Task<int> Run { get; }

    public PallasHostEndpoints Endpoints { get; }

    public IReadOnlyDictionary<string, FakeAgentRuntime> Runtimes { get; }

    public Uri Mcp(string agent) => Endpoints.Agents[agent];

    public Uri Registry(string path) => new(Endpoints.Registry!, path);

    public Uri AgentPath(string agent, string path) => new(Mcp(agent), path);

    /// <summary>Options for tests: fake runtimes, no signal handlers, logs only to <paramref name="logs"/>, bounded waits.</summary>
    public static PallasHostOptions TestOptions(ConcurrentDictionary<string, FakeAgentRuntime> runtimes, ConcurrentQueue<string>? events = null, ILoggerProvider? logs = null) => new()
    {
        RuntimeFactory = definition => runtimes.GetOrAdd(definition.Name, _ => new FakeAgentRuntime(definition, events)),
        HandleSignals = false,
        DependencyTimeout = TimeSpan.FromSeconds(10),
        DrainTimeout = TimeSpan.FromSeconds(20),
        ConfigureLogging = (logging, _, _) =>
        {
            logging.ClearProviders();
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        },
    };

    /// <summary>Starts the host and waits (bounded) until every endpoint listens.</summary>
    public static async Task<RunningHost> StartAsync(
        PallasProject project,
        Func<PallasHostOptions, PallasHostOptions>? configure = null,
        Action<FakeAgentRuntime>? setup = null,
        ConcurrentQueue<string>? events = null)
    {
        ConcurrentDictionary<string, FakeAgentRuntime> runtimes = new();
        var ready = new TaskCompletionSource<PallasHostEndpoints>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = TestOptions(runtimes, events) with { OnReady = endpoints => ready.TrySetResult(endpoints) };
        options = configure?.Invoke(options) ?? options;
        var factory = options.RuntimeFactory;
        options = options with
        {
            RuntimeFactory = definition =>
            {
                var runtime = factory(definition);
                if (runtime is FakeAgentRuntime fake)
                {
                    setup?.Invoke(fake);
                }

                return runtime;
            },
        };

        var stop = new CancellationTokenSource();
        var run = Task.Run(() => PallasHost.RunAsync(project, options, stop.Token));
        var finished = await Task.WhenAny(ready.Task, run).WaitAsync(Bound);
        if (finished == run)
        {
            stop.Dispose();
            throw new InvalidOperationException($"The host exited during startup with code {await run}.");
        }

        return new RunningHost(run, stop, await ready.Task, runtimes);
    }

    /// <summary>Asks the host to stop (as Ctrl-C would) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run.WaitAsync(Bound);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    /// <summary>A fake preflight: no probe for bedrock and offline models, otherwise the given outcome.</summary>
    public static Func<ModelSpec, CancellationToken, Task<PreflightResult?>> Preflight(bool ok, string detail = "GET /models answered 200 and lists the model") =>
        (model, _) => Task.FromResult<PreflightResult?>(model.Provider.IsOffline() || model.Provider == ModelProvider.Bedrock
            ? null
            : new PreflightResult(model.Provider.ToConfigName(), ok, detail, DateTimeOffset.UnixEpoch));
}
