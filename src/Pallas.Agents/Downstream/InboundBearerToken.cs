namespace Pallas.Agents.Downstream;

/// <summary>
/// The bearer token of the inbound <c>send_message</c> request, flowing with the call's async context so that the
/// HTTP handler of a <c>forward_inbound_auth</c> server can read it on every request it sends for that call.
/// </summary>
internal static class InboundBearerToken
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The token of the call running on this async flow, if any.</summary>
    public static string? Value => Current.Value;

    /// <summary>Sets the token for the rest of the current async flow; disposing restores the previous value.</summary>
    public static IDisposable Push(string? token)
    {
        var previous = Current.Value;
        Current.Value = token;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
