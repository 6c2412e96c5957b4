using System.Text;
using System.Text.Json.Nodes;

namespace Pallas.Emulators;

/// <summary>
/// Raw 2026-07-28 JSON-RPC over HTTP, as the revision writes it (per-request <c>_meta</c> and the routing headers),
/// so that tests see the exact wire: no client library between the test and the server.
/// </summary>
public static class McpWire
{
    public const string Revision = "2026-07-28";
    public const string TasksExtension = "io.modelcontextprotocol/tasks";

    /// <summary>How long <see cref="PollUntilDoneAsync"/> waits for a task to end.</summary>
    private static readonly TimeSpan PollBound = TimeSpan.FromSeconds(30);

    private static int _nextId;

    /// <summary>Sends one request and returns its JSON-RPC response (from a JSON body or the SSE stream), result or error.</summary>
    /// <param name="withTasks">Whether the client capabilities declare the Tasks extension.</param>
    public static async Task<JsonObject> RequestAsync(Uri endpoint, string method, JsonObject parameters, bool withTasks, string? routingName = null, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        using var request = Post(endpoint, method, parameters, withTasks, routingName, out var id);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        // An error may come with a 4xx (a missing client capability is HTTP 400 at 2026-07-28): the body still says which.
        var answer = body.Length > 0 ? Messages(body).SingleOrDefault(message => (int?)message["id"] == id) : null;
        return answer ?? throw new InvalidOperationException($"{method} answered HTTP {(int)response.StatusCode} without its JSON-RPC response: {body}");
    }

    /// <summary>A 2026-07-28 POST of <paramref name="method"/>, with the id it carries.</summary>
    public static HttpRequestMessage Post(Uri endpoint, string method, JsonObject parameters, bool withTasks, string? routingName, out int id)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        id = Interlocked.Increment(ref _nextId);
        var capabilities = new JsonObject();
        if (withTasks)
        {
            capabilities["extensions"] = new JsonObject { [TasksExtension] = new JsonObject() };
        }

        var meta = parameters["_meta"] as JsonObject ?? [];
        meta["io.modelcontextprotocol/protocolVersion"] = Revision;
        meta["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "wire-test", ["version"] = "1.0.0" };
        meta["io.modelcontextprotocol/clientCapabilities"] = capabilities;
        parameters["_meta"] = meta;
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        var request = JsonPost(endpoint, body);
        request.Headers.Add("MCP-Protocol-Version", Revision);
        request.Headers.Add("Mcp-Method", method);
        if (routingName is not null)
        {
            request.Headers.Add("Mcp-Name", routingName);
        }

        return request;
    }

    /// <summary>A POST of a JSON-RPC body to <c>/mcp</c>, accepting JSON or SSE as Streamable HTTP requires; no other header.</summary>
    public static HttpRequestMessage JsonPost(Uri endpoint, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    /// <summary>A <c>tools/call</c> of <c>send_message</c>.</summary>
    public static Task<JsonObject> SendMessageAsync(Uri endpoint, string message, bool withTasks, CancellationToken cancellationToken) =>
        RequestAsync(endpoint, "tools/call", SendMessageParams(message), withTasks, "send_message", cancellationToken);

    public static JsonObject SendMessageParams(string message) =>
        new() { ["name"] = "send_message", ["arguments"] = new JsonObject { ["message"] = message } };

    /// <summary><c>tasks/get</c> (or <c>tasks/cancel</c>) of <paramref name="taskId"/>.</summary>
    public static Task<JsonObject> TaskAsync(Uri endpoint, string method, string taskId, bool withTasks, CancellationToken cancellationToken) =>
        RequestAsync(endpoint, method, new JsonObject { ["taskId"] = taskId }, withTasks, taskId, cancellationToken);

    /// <summary>Polls <c>tasks/get</c> every <paramref name="pollDelay"/> (20 ms unless given) until the task leaves <c>working</c> (bounded at 30 s).</summary>
    public static async Task<JsonObject> PollUntilDoneAsync(Uri endpoint, string taskId, CancellationToken cancellationToken, TimeSpan? pollDelay = null)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(PollBound);
        while (true)
        {
            var result = (await TaskAsync(endpoint, "tasks/get", taskId, withTasks: true, bound.Token))["result"]!.AsObject();
            if ((string?)result["status"] != "working")
            {
                return result;
            }

            await Task.Delay(pollDelay ?? TimeSpan.FromMilliseconds(20), bound.Token);
        }
    }

    /// <summary>The JSON-RPC messages of a response body: one JSON object, or the <c>data:</c> lines of an SSE stream.</summary>
    public static IEnumerable<JsonObject> Messages(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.TrimStart().StartsWith('{'))
        {
            return [JsonNode.Parse(body)!.AsObject()];
        }

        return body.Split('\n')
            .Where(line => line.StartsWith("data:", StringComparison.Ordinal) && line.Length > 5)
            .Select(line => JsonNode.Parse(line[5..])!.AsObject())
            .ToList();
    }
}
