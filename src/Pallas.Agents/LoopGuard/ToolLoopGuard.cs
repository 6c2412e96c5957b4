using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pallas.Agents.LoopGuard;

/// <summary>
/// Detects a model repeating the identical tool round: the same (tool, normalized arguments) returning the same
/// result <c>loop_repeat_threshold</c> times in a row. One instance per <c>send_message</c>.
/// </summary>
internal sealed class ToolLoopGuard(int threshold)
{
    private readonly Lock _gate = new();
    private string? _lastSignature;
    private int _repeats;

    /// <summary>Whether the guard is on (<c>loop_repeat_threshold</c> &gt; 0).</summary>
    public bool Enabled => threshold > 0;

    /// <summary>Records one finished tool call; returns the halt when this call completes a run of <c>threshold</c> identical rounds.</summary>
    public LoopHalt? Observe(string tool, IEnumerable<KeyValuePair<string, object?>> arguments, string result)
    {
        if (!Enabled)
        {
            return null;
        }

        var signature = $"{tool}\n{NormalizeArguments(arguments)}\n{Hash(result)}";
        int repeats;
        lock (_gate)
        {
            // Parallel tool calls of one round finish in any order; the lock keeps the count consistent.
            _repeats = signature == _lastSignature ? _repeats + 1 : 1;
            _lastSignature = signature;
            repeats = _repeats;
        }

        return repeats >= threshold ? new LoopHalt(tool, repeats, Preview(result)) : null;
    }

    /// <summary>Arguments as canonical JSON (object keys sorted at every depth) so key order never hides a repeat.</summary>
    internal static string NormalizeArguments(IEnumerable<KeyValuePair<string, object?>> arguments)
    {
        var node = JsonSerializer.SerializeToNode(arguments.ToDictionary(pair => pair.Key, pair => pair.Value), Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions);
        return Canonical(node)?.ToJsonString() ?? "null";
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => KeyValuePair.Create(pair.Key, Canonical(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Preview(string result)
    {
        var line = result.ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "…";
    }
}
