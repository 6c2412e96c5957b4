using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pallas.Hosting.Http;

/// <summary>Writes hand-shaped JSON documents (health, registry, errors) to responses.</summary>
internal static class HttpJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON that keeps '+', quotes and non-ASCII readable (these documents are never embedded in HTML).</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A timestamp as health documents show it: UTC, milliseconds, <c>Z</c>.</summary>
    public static string Timestamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static async Task WriteAsync(HttpResponse response, JsonNode body)
    {
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(body.ToJsonString(Indented), response.HttpContext.RequestAborted);
    }
}
