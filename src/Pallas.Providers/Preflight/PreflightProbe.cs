using Pallas.Providers.Errors;

namespace Pallas.Providers.Preflight;

/// <summary>One token-free probe of a provider: a GET, its headers, and what a 200 body must show.</summary>
/// <param name="Url">The URL to GET.</param>
/// <param name="Headers">Headers to send (keys included; never logged or shown).</param>
/// <param name="Context">How failures are worded and what to redact.</param>
/// <param name="KeyProblem">A key problem found without a request; the probe is then not sent.</param>
/// <param name="CheckBody">Inspects a 200 body: <see langword="null"/> if fine, else the problem.</param>
/// <param name="Success">The detail shown when the probe passes.</param>
/// <param name="JsonBody">Whether a 200 body must be JSON: a captive portal's page must not pass for a served model.</param>
internal sealed record PreflightProbe(
    Uri Url,
    IReadOnlyDictionary<string, string> Headers,
    HttpErrorContext Context,
    ProviderException? KeyProblem,
    Func<string, string?> CheckBody,
    string Success,
    bool JsonBody = true);
