using System.Runtime.CompilerServices;

namespace Pallas.Providers.Tests.Bedrock;

/// <summary>Finds files under TestData/Bedrock next to the sources, so no copy-to-output step is needed.</summary>
internal static class TestDataFiles
{
    public static string Directory() => Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "TestData", "Bedrock");

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
