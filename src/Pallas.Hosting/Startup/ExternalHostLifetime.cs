using Microsoft.Extensions.Hosting;

namespace Pallas.Hosting.Startup;

/// <summary>
/// Replaces the console lifetime of each endpoint's host: <see cref="PallasHost"/> owns signals and stops every
/// endpoint itself, in order, after draining — several hosts reacting to Ctrl-C on their own would not drain.
/// </summary>
internal sealed class ExternalHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
