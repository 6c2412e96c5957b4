using Pallas.Hosting.Http;

namespace Pallas.Hosting.Tests.Http;

public sealed class AllowedHostsTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST:8201", true)]
    [InlineData("127.0.0.1:8201", true)]
    [InlineData("[::1]:8201", true)]
    [InlineData("agents.example.test:8201", true)]
    [InlineData("10.0.0.5:8201", true)]
    [InlineData("evil.example", false)]
    [InlineData("localhost.evil.example", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsAllowedHost_SpecificBind_AllowsLoopbackConfiguredHostAndBind(string? host, bool allowed) =>
        Assert.Equal(allowed, AllowedHosts.For("agents.example.test", "10.0.0.5").IsAllowedHost(host));

    [Fact]
    public void IsAllowedHost_WildcardBind_DoesNotAllowEveryHost()
    {
        var hosts = AllowedHosts.For("agents.example.test", "0.0.0.0");

        Assert.False(hosts.IsAllowedHost("0.0.0.0"));
        Assert.False(hosts.IsAllowedHost("192.168.1.9"));
        Assert.True(hosts.IsAllowedHost("agents.example.test"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("http://localhost:5173", true)]
    [InlineData("https://agents.example.test", true)]
    [InlineData("http://evil.example", false)]
    [InlineData("null", false)]
    [InlineData("file:///etc", false)]
    public void IsAllowedOrigin_Origin_AllowsOnlyKnownHosts(string? origin, bool allowed) =>
        Assert.Equal(allowed, AllowedHosts.For("agents.example.test", "127.0.0.1").IsAllowedOrigin(origin));
}
