namespace Pallas.Providers.Errors;

/// <summary>Why a provider call failed; decides retrying and the wording shown to callers.</summary>
public enum ProviderErrorKind
{
    /// <summary>No credentials or key were found; never retried.</summary>
    MissingCredentials,

    /// <summary>The key or credentials were rejected (401, invalid signature, expired token); never retried.</summary>
    Unauthorized,

    /// <summary>Authenticated but not allowed (403, AccessDenied); never retried.</summary>
    AccessDenied,

    /// <summary>The model or endpoint does not exist (404, ResourceNotFound); never retried.</summary>
    NotFound,

    /// <summary>The request was refused as invalid (400, ValidationException); never retried.</summary>
    Validation,

    /// <summary>Rate limited or overloaded (429, 529, ThrottlingException, ModelNotReady); retried.</summary>
    Throttled,

    /// <summary>The service failed (500, 502, 503, 504); retried.</summary>
    ServerError,

    /// <summary>The connection failed or was reset before a response; retried.</summary>
    Network,

    /// <summary>A stream ended or broke before the message was complete; not retried (output may have been shown).</summary>
    StreamInterrupted,

    /// <summary>The model reported a failure of its own (ModelErrorException, ModelTimeout); not retried.</summary>
    ModelError,

    /// <summary>
    /// A success status whose body is not the API's (a proxy's or captive portal's page, another service's JSON, an
    /// empty body); not retried: the same endpoint keeps answering the same until base_url or the network is fixed.
    /// </summary>
    UnexpectedResponse,
}
