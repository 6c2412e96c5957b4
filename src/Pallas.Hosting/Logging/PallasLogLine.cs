using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Pallas.Hosting.Logging;

/// <summary>Renders a <see cref="PallasLogRecord"/> as one JSON line or one human-readable line, secrets redacted.</summary>
internal static class PallasLogLine
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly HashSet<string> Reserved = ["timestamp", "level", "message", "service", "project", "component", "logger", "exception", "stack_trace"];

    public static string Json(PallasLogRecord record, string project, string component, bool includeStackTrace)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", record.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", LevelName(record.Level));
            json.WriteString("message", SecretRedactor.Redact(record.Message));
            json.WriteString("service", "pallas");
            json.WriteString("project", project);
            json.WriteString("component", ComponentOf(record, component));
            json.WriteString("logger", record.Category);

            foreach (var (name, value) in Fields(record))
            {
                if (!Reserved.Contains(name))
                {
                    WriteValue(json, name, value);
                }
            }

            if (record.Exception is { } exception)
            {
                json.WriteString("exception", SecretRedactor.Redact($"{exception.GetType().FullName}: {exception.Message}"));
                if (includeStackTrace && exception.StackTrace is { } stack)
                {
                    json.WriteString("stack_trace", SecretRedactor.Redact(stack));
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Text(PallasLogRecord record, string component)
    {
        var line = new StringBuilder()
            .Append(record.Timestamp.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(LevelName(record.Level).PadRight(8))
            .Append(' ', record.Level == LogLevel.Critical ? 1 : 0) // the one name as long as the column
            .Append('[').Append(ComponentOf(record, component)).Append("] ")
            .Append(SecretRedactor.Redact(record.Message));

        // The message already shows its template values; scope fields such as conversation_id are not in it.
        foreach (var (name, value) in Fields(record).Where(field => field.Key is "conversation_id" or "tool" or "duration_ms"))
        {
            if (!record.Message.Contains(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal))
            {
                line.Append(' ').Append(name).Append('=').Append(SecretRedactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture)));
            }
        }

        if (record.Exception is { } exception)
        {
            line.Append(" (").Append(SecretRedactor.Redact($"{exception.GetType().Name}: {exception.Message}")).Append(')');
        }

        return line.ToString();
    }

    /// <summary>UPPERCASE level names, as the Python original writes them.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => "NONE",
    };

    /// <summary><c>ConversationId</c> → <c>conversation_id</c>; names already in snake_case are kept.</summary>
    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static Dictionary<string, object?> Fields(PallasLogRecord record)
    {
        Dictionary<string, object?> fields = new(StringComparer.Ordinal);
        foreach (var (name, value) in record.Fields)
        {
            if (name != "{OriginalFormat}")
            {
                fields[SnakeCase(name)] = value;
            }
        }

        return fields;
    }

    private static string ComponentOf(PallasLogRecord record, string component) =>
        record.Fields.LastOrDefault(field => field.Key == "component").Value as string ?? component;

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case bool flag:
                json.WriteBoolean(name, flag);
                break;
            case int or long or short or byte or uint or ulong or ushort:
                json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(number))
                {
                    json.WriteNumber(name, number);
                }
                else
                {
                    json.WriteString(name, number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case DateTimeOffset time:
                json.WriteString(name, time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                json.WriteNumber(name, Math.Round(span.TotalMilliseconds, 3));
                break;
            default:
                json.WriteString(name, SecretRedactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture)));
                break;
        }
    }
}
