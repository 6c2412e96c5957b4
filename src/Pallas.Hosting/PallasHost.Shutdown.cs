using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Pallas.Hosting.Startup;

namespace Pallas.Hosting;

/// <summary>Graceful stop: drain running calls (bounded), then stop every endpoint and runtime.</summary>
public static partial class PallasHost
{
    private static async Task StopAsync(HostContext host, List<WebApplication> apps, CancellationTokenSource hardStop, ILogger logger)
    {
        host.BeginDrain();
        var running = host.Inflight.Count;
        if (running > 0)
        {
            LogDraining(logger, running, host.Options.DrainTimeout.TotalSeconds);
            try
            {
                await host.Inflight.WaitForIdleAsync(CancellationToken.None).WaitAsync(host.Options.DrainTimeout);
            }
            catch (TimeoutException)
            {
                LogDrainTimedOut(logger, host.Inflight.Count);
                await hardStop.CancelAsync();
                await Task.WhenAny(host.Inflight.WaitForIdleAsync(CancellationToken.None), Task.Delay(StopTimeout));
            }
        }

        // Stop in reverse start order: dependants before their dependencies, the registry last.
        foreach (var app in Enumerable.Reverse(apps))
        {
            try
            {
                using var stopTimeout = new CancellationTokenSource(StopTimeout);
                await app.StopAsync(stopTimeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
            {
                // Never started (startup failed before it), or it did not stop in time: disposing below releases it.
            }

            await app.DisposeAsync();
        }

        foreach (var agent in host.Agents)
        {
            try
            {
                await agent.Runtime.DisposeAsync().AsTask().WaitAsync(StopTimeout);
            }
            catch (Exception exception)
            {
                LogRuntimeDisposeFailed(logger, agent.Name, exception.Message);
            }
        }

        LogStopped(logger);
    }

    private static List<PosixSignalRegistration> RegisterSignals(CancellationTokenSource shutdown)
    {
        void Handle(PosixSignalContext context)
        {
            // Keep the process alive: RunAsync drains and returns 0.
            context.Cancel = true;
            shutdown.Cancel();
        }

        return [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: draining {Count} running call(s), up to {Seconds} s")]
    private static partial void LogDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drain timeout: cancelling {Count} call(s) still running")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} runtime did not close cleanly: {Reason}")]
    private static partial void LogRuntimeDisposeFailed(ILogger logger, string agent, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pallas stopped")]
    private static partial void LogStopped(ILogger logger);
}
