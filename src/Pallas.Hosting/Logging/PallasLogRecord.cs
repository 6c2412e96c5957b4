using Microsoft.Extensions.Logging;

namespace Pallas.Hosting.Logging;

/// <summary>One log event, flattened: what <see cref="PallasLogLine"/> renders.</summary>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Level">Its level.</param>
/// <param name="Category">The logger category.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception, if any.</param>
/// <param name="Fields">Template values and scope values, in order; later ones win.</param>
internal sealed record PallasLogRecord(
    DateTimeOffset Timestamp,
    LogLevel Level,
    string Category,
    string Message,
    Exception? Exception,
    IReadOnlyList<KeyValuePair<string, object?>> Fields);
