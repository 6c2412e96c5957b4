using System.Net;
using Pallas.Providers.Bedrock;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Tests.Bedrock;

public sealed class BedrockErrorsTests
{
    [Theory]
    [InlineData(400, "ValidationException", ProviderErrorKind.Validation)]
    [InlineData(404, "ResourceNotFoundException", ProviderErrorKind.NotFound)]
    [InlineData(429, "ThrottlingException", ProviderErrorKind.Throttled)]
    [InlineData(429, "ModelNotReadyException", ProviderErrorKind.Throttled)]
    [InlineData(500, "InternalServerException", ProviderErrorKind.ServerError)]
    [InlineData(503, "ServiceUnavailableException", ProviderErrorKind.ServerError)]
    [InlineData(502, null, ProviderErrorKind.ServerError)]
    [InlineData(403, "ExpiredTokenException", ProviderErrorKind.Unauthorized)]
    [InlineData(424, "ModelErrorException", ProviderErrorKind.ModelError)]
    public void FromHttpError_BotocoreStyleCodes_MapToKinds(int status, string? type, ProviderErrorKind expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (type is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-errortype", $"{type}:http://internal.amazon.com/coral/com.amazon.bedrock/");
        }

        var error = BedrockErrors.FromHttpError((HttpStatusCode)status, response.Headers, """{"message":"details\nsecond line"}""", "anthropic.claude-haiku-4-5-20251001-v1:0");

        Assert.Equal(expected, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void FromHttpError_TypeInBodyWithCapitalMessage_Parsed()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);

        var error = BedrockErrors.FromHttpError(HttpStatusCode.BadRequest, response.Headers, """{"__type":"com.amazon.coral.validate#ValidationException","Message":"Malformed input request"}""", "m");

        Assert.Equal(ProviderErrorKind.Validation, error.Kind);
        Assert.Equal("Bedrock rejected the request for 'm': Malformed input request", error.Message);
    }

    [Fact]
    public void FromHttpError_RetryAfterHeader_Kept()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "7");

        var error = BedrockErrors.FromHttpError(HttpStatusCode.TooManyRequests, response.Headers, "", "m");

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void FromStreamException_ThrottlingBeforeOutput_IsTransient() =>
        Assert.Equal(ProviderErrorKind.Throttled, BedrockErrors.FromStreamException("throttlingException", "slow down", "m", contentYielded: false).Kind);

    [Fact]
    public void FromStreamException_ThrottlingAfterOutput_IsInterruptedNotRetried()
    {
        var error = BedrockErrors.FromStreamException("throttlingException", "slow down", "m", contentYielded: true);

        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.False(error.IsTransient);
    }
}
