using Pallas.Configuration.Models;

namespace Pallas.Configuration.Tests.Models;

public sealed class ModelCapabilitiesTests
{
    [Theory]
    [InlineData(null, 8000)]
    [InlineData(0, 8000)]
    [InlineData(-5, 8000)]
    [InlineData(500, 500)]
    [InlineData(8000, 8000)]
    [InlineData(500_000, 8000)]
    public void BoundOutputTokens_RequestedValue_IsKeptUpToTheModelMaximum(int? requested, int expected)
    {
        var capabilities = new ModelCapabilities(Vision: false, ContextWindow: 32_000, MaxOutputTokens: 8000);

        Assert.Equal(expected, capabilities.BoundOutputTokens(requested));
    }
}
