using System.Text.Json;
using Pallas.Hosting.Agents;

namespace Pallas.Hosting.Tests.Agents;

public sealed class SendMessageArgumentsTests
{
    private static Dictionary<string, JsonElement> Args(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Fact]
    public void TryParse_NullOptionalArguments_AreTreatedAsAbsent()
    {
        var ok = SendMessageArguments.TryParse(Args("""{"message": "hi", "images": null, "history": null, "conversation_id": null}"""), null, out var request, out var error);

        Assert.True(ok, error);
        Assert.Empty(request!.Images);
        Assert.Empty(request.History);
        Assert.Null(request.ConversationId);
    }

    [Fact]
    public void TryParse_MalformedHistoryRows_AreKeptRawForTheRuntime()
    {
        var ok = SendMessageArguments.TryParse(Args("""{"message": "hi", "history": [{"role": "user", "content": "a"}, 7, {"role": "wizard"}]}"""), null, out var request, out _);

        Assert.True(ok);
        Assert.Equal([JsonValueKind.Object, JsonValueKind.Number, JsonValueKind.Object], request!.History.Select(row => row.ValueKind));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer  abc ", "abc")]
    [InlineData("Basic dXNlcjpwYXNz", null)]
    [InlineData("Bearer ", null)]
    [InlineData(null, null)]
    public void BearerToken_AuthorizationHeader_ExtractsToken(string? header, string? expected) =>
        Assert.Equal(expected, Pallas.Hosting.Auth.BearerToken.From(header));
}
