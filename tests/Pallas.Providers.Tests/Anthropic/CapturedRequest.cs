namespace Pallas.Providers.Tests.Anthropic;

/// <summary>A request as <see cref="CapturingHandler"/> saw it leave the client.</summary>
internal sealed record CapturedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body);
