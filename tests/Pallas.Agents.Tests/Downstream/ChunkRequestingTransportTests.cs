using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Pallas.Agents.Downstream;

namespace Pallas.Agents.Tests.Downstream;

public sealed class ChunkRequestingTransportTests
{
    private static JsonRpcRequest Request(string method, string? protocolVersion) => new()
    {
        Id = new RequestId(1),
        Method = method,
        Params = new JsonObject
        {
            ["name"] = "send_message",
            ["_meta"] = protocolVersion is null ? new JsonObject() : new JsonObject { [MetaKeys.ProtocolVersion] = protocolVersion },
        },
    };

    [Theory]
    [InlineData("tools/call", "2026-07-28", true)]
    [InlineData("tools/call", "2027-01-01", true)]
    [InlineData("tools/call", "2025-11-25", false)]
    [InlineData("tools/call", null, false)]
    [InlineData("tools/list", "2026-07-28", false)]
    public void RequestChunks_SetsInfoLogLevelOnlyOnStatelessToolCalls(string method, string? protocolVersion, bool expected)
    {
        var request = Request(method, protocolVersion);

        var changed = ChunkRequestingTransport.RequestChunks(request);

        Assert.Equal(expected, changed);
        var level = ((JsonObject)request.Params!)["_meta"]![MetaKeys.LogLevel];
        Assert.Equal(expected ? "info" : null, level?.GetValue<string>());
    }
}
