using System.Text;
using Microsoft.Extensions.AI;

namespace Pallas.Agents.Runtime;

/// <summary>What the tool loop's stream ends with: the text of its last LLM iteration, and whether that iteration asked for tools.</summary>
/// <param name="Text">The assistant text of the last LLM iteration.</param>
/// <param name="EndedOnToolCalls">
/// Whether the stream ended with tool results rather than a model reply: the loop stopped (max_iterations, the loop
/// guard) before the model finished.
/// </param>
internal readonly record struct TurnAnswer(string Text, bool EndedOnToolCalls)
{
    /// <summary>Reads the tool loop's updates to the end. An LLM iteration begins with the first update after tool results.</summary>
    public static async Task<TurnAnswer> ReadAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var text = new StringBuilder();
        var afterToolResults = false;
        await foreach (var update in updates)
        {
            if (update.Role == ChatRole.Tool || update.Contents.Any(content => content is FunctionResultContent))
            {
                afterToolResults = true;
                continue;
            }

            if (afterToolResults)
            {
                text.Clear();
                afterToolResults = false;
            }

            text.Append(update.Text);
        }

        return new TurnAnswer(text.ToString(), afterToolResults);
    }
}
