using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pallas.Emulators;

/// <summary>What the model API emulators share: a Kestrel app on a free loopback port, a turn script and a request log.</summary>
public abstract class ScriptedEmulator : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedTurn> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private WebApplication? _app;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:5123/</c>; known after <see cref="StartAsync"/>.</summary>
    public Uri RootUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Queues the answers to the next model requests, in order; with none queued, the emulator echoes.</summary>
    public void Enqueue(params ScriptedTurn[] turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        foreach (var turn in turns)
        {
            _script.Enqueue(turn);
        }
    }

    /// <summary>Starts listening on a free loopback port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = EmulatorHost.Create();
        MapRoutes(_app);
        await _app.StartAsync(cancellationToken);
        RootUrl = EmulatorHost.Address(_app);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Adds the API's endpoints.</summary>
    protected abstract void MapRoutes(WebApplication app);

    /// <summary>Reads the request and adds it to <see cref="Requests"/>.</summary>
    protected Task<RecordedRequest> RecordAsync(HttpContext context) => EmulatorHost.RecordAsync(context, _requests);

    /// <summary>The next scripted turn, or an echo of <paramref name="lastText"/> when the script is empty.</summary>
    protected ScriptedTurn NextTurn(string lastText) =>
        _script.TryDequeue(out var turn) ? turn : ScriptedTurn.Reply($"emulator: {lastText}");
}
