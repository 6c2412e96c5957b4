namespace Pallas.Providers.Errors;

/// <summary>
/// One chat call as its HTTP handler sees it: the body format a success answer must have, and the start of the body
/// that came. <see cref="Pipeline.ProviderErrorChatClient"/> begins it; <see cref="ProviderHttpErrorHandler"/> checks and
/// records the answer. Carried in an <see cref="AsyncLocal{T}"/> because the SDKs have no per-request hook between the
/// chat call and the HTTP handler, and neither marks a streaming request in its headers (OpenAI even sends
/// <c>Accept: application/json</c>).
/// </summary>
internal sealed class ProviderCall
{
    private static readonly AsyncLocal<ProviderCall?> CurrentCall = new();

    private ProviderCall(BodyFormat expected) => Expected = expected;

    /// <summary>The call in progress on this async flow, or <see langword="null"/> outside a chat call (preflight).</summary>
    public static ProviderCall? Current => CurrentCall.Value;

    /// <summary>What a success answer's body must be.</summary>
    public BodyFormat Expected { get; }

    /// <summary>The start of the success answer, once one came and started as <see cref="Expected"/>.</summary>
    public BodyStart? Answer { get; set; }

    /// <summary>
    /// Starts a call on the current async flow. Callers are async methods, so the value ends with them and never
    /// reaches their caller.
    /// </summary>
    public static ProviderCall Begin(BodyFormat expected)
    {
        var call = new ProviderCall(expected);
        CurrentCall.Value = call;
        return call;
    }
}
