using Pallas.Configuration.Limits;

namespace Pallas.Configuration.Loading;

/// <summary>Reads <c>limits</c> (top level, and per agent key by key over it).</summary>
internal static class LimitSettingsReader
{
    private static readonly string[] Keys = ["requests_per_minute", "concurrent_calls"];

    public static LimitSettings Read(YamlMap? map, LimitSettings inherited, string what)
    {
        if (map is null)
        {
            return inherited;
        }

        map.WarnUnknownKeys(Keys, what);
        return new LimitSettings
        {
            RequestsPerMinute = map.Int("requests_per_minute", 0, 1_000_000) ?? inherited.RequestsPerMinute,
            ConcurrentCalls = map.Int("concurrent_calls", 0, 100_000) ?? inherited.ConcurrentCalls,
        };
    }
}
