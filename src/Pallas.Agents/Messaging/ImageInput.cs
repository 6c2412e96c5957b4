namespace Pallas.Agents.Messaging;

/// <summary>An image attached to a message: base64 data and its MIME type.</summary>
/// <param name="Data">Base64-encoded bytes.</param>
/// <param name="MimeType">e.g. <c>image/png</c>.</param>
public sealed record ImageInput(string Data, string MimeType);
