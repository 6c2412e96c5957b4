using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pallas.Emulators;

/// <summary>Kestrel on 127.0.0.1 with a free port, plus the request recording the emulators share.</summary>
internal static class EmulatorHost
{
    /// <summary>How emulator JSON is written: like the real services, without escaping quotes and apostrophes.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds a quiet app listening on a free loopback port; call <c>StartAsync</c> then <see cref="Address"/>.</summary>
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// <summary>The address Kestrel bound.</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Reads and records a request.</summary>
    public static async Task<RecordedRequest> RecordAsync(HttpContext context, List<RecordedRequest> log)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", headers, body);
        lock (log)
        {
            log.Add(recorded);
        }

        return recorded;
    }

    /// <summary>The bearer token or <c>x-api-key</c> of a request.</summary>
    public static string? PresentedKey(RecordedRequest request)
    {
        var authorization = request.Header("Authorization");
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : request.Header("x-api-key");
    }

    /// <summary>Writes a JSON body with a status (and <c>Retry-After</c>, when given).</summary>
    public static Task WriteJsonAsync(HttpContext context, int status, string json, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>Writes one server-sent event and flushes it.</summary>
    public static async Task WriteEventAsync(HttpContext context, string? name, string data)
    {
        var text = name is null ? $"data: {data}\n\n" : $"event: {name}\ndata: {data}\n\n";
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
