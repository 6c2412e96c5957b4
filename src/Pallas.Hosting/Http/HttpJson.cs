using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pallas.Hosting.Http;

/// <summary>Writes hand-shaped JSON documents (health, registry, errors) to responses.</summary>
internal static class HttpJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(HttpResponse response, JsonNode body)
    {
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(body.ToJsonString(Indented), response.HttpContext.RequestAborted);
    }
}
