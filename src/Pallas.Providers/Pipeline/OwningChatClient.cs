using Microsoft.Extensions.AI;

namespace Pallas.Providers.Pipeline;

/// <summary>
/// Disposes, with the pipeline, what the adapter beneath uses but does not own: the SDK adapters leave their SDK
/// client and its <see cref="HttpClient"/> to whoever created them.
/// </summary>
internal sealed class OwningChatClient(IChatClient innerClient, IReadOnlyList<IDisposable> owned) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var resource in owned)
            {
                resource.Dispose();
            }
        }
    }
}
