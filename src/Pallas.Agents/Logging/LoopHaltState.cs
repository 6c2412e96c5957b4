using System.Collections;

namespace Pallas.Agents.Logging;

/// <summary>The structured fields of the "agentic loop halted" record, named as the contract names them.</summary>
internal readonly struct LoopHaltState(string tool, int repeatCount, string resultPreview) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 5;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("event", "loop_halt"),
        1 => new("tool", tool),
        2 => new("repeat_count", repeatCount),
        3 => new("result_preview", resultPreview),
        4 => new("{OriginalFormat}", "agentic loop halted"),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var index = 0; index < Count; index++)
        {
            yield return this[index];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "agentic loop halted";
}
